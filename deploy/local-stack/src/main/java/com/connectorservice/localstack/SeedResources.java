package com.connectorservice.localstack;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.task.SQLTask;

/**
 * What a newcomer needs to follow seeds 000 and 001 step by step on the local stack: their example MaxCompute
 * tables (created through the real ODPS SDK, with the seeds' own DDL) and their example source topics.
 */
final class SeedResources {

    /** Table name to the seeds' CREATE TABLE statement, verbatim. */
    static final Map<String, String> TABLES = orderedTables();

    /** Seed 000's source topic and seed 001's topics (one partition each, as the seeds create them). */
    static final List<String> TOPICS = List.of("maxcompute-test-input", "topic_text", "topic_csv", "topic_json",
            "topic_flatten");

    private final StackSettings settings;

    SeedResources(StackSettings settings) {
        this.settings = settings;
    }

    private static Map<String, String> orderedTables() {
        Map<String, String> tables = new java.util.LinkedHashMap<>();
        tables.put("test_kafka", "CREATE TABLE IF NOT EXISTS test_kafka(topic STRING,partition BIGINT,offset BIGINT,"
                + "key STRING,value STRING) PARTITIONED by (pt STRING);");
        tables.put("table_text", "CREATE TABLE IF NOT EXISTS table_text(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING);");
        tables.put("table_csv", "CREATE TABLE IF NOT EXISTS table_csv(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " id BIGINT, name STRING, region STRING) PARTITIONED BY (pt STRING);");
        tables.put("table_json", "CREATE TABLE IF NOT EXISTS table_json(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value JSON) PARTITIONED BY (pt STRING);");
        tables.put("table_flatten", "CREATE TABLE IF NOT EXISTS table_flatten(topic STRING, `partition` BIGINT,"
                + " `offset` BIGINT, id BIGINT, name STRING, extendinfo JSON) PARTITIONED BY (pt STRING);");
        return java.util.Collections.unmodifiableMap(tables);
    }

    void createTables() throws OdpsException {
        Odps odps = new Odps(new AliyunAccount(settings.accessKeyId(), settings.accessKeySecret()));
        odps.setEndpoint(settings.maxComputeEndpoint());
        odps.setDefaultProject(settings.maxComputeProject());
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            SQLTask.run(odps, table.getValue()).waitForSuccess();
            System.out.println("  MaxCompute table " + settings.maxComputeProject() + "." + table.getKey());
        }
    }

    void createTopics() throws InterruptedException, ExecutionException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 1, (short) 1)).toList();
            admin.createTopics(missing).all().get();
            System.out.println("  Kafka topics " + TOPICS.stream().collect(Collectors.joining(", ")) + " on "
                    + settings.bootstrapServers() + " (" + missing.size() + " created)");
        }
    }
}
