package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.CreateRoleRequest;
import com.aliyuncs.ram.model.v20150501.UpdateRoleRequest;
import com.connectorservice.emulator.ramsts.RamStsEmulator;

/**
 * Seed 000's RAM role flow through a real Connect worker: the sink's own AccessKey (the connector service) assumes the
 * user's role through the STS emulator and writes with the temporary credentials into the MaxCompute emulator, which
 * checks the role's grants. Credentials live 8 s here, so a stream of 20 s crosses several renewals.
 */
class RamRoleEndToEndTest {
    private static final String ACCOUNT = "1880000000000000";
    private static final String ROLE = "AliyunKafkaMaxComputeUser1";
    private static final String USER = "`RAM$" + ACCOUNT + ":role/aliyunkafkamaxcomputeuser1`";
    private static final String TRUSTS_MAXCOMPUTE_ONLY = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"odps.aliyuncs.com\"]}}],\"Version\":\"1\"}";
    private static final String TRUSTS_CONNECTOR = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"alikafka.aliyuncs.com\"]}}],\"Version\":\"1\"}";

    private static MaxComputeTables maxCompute;
    private static RamStsEmulator ramSts;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("mc-ram-role");
        maxCompute = new MaxComputeTables(dataDir);
        ramSts = RamStsEmulator.builder().port(0).account(ACCOUNT, "owner-ak", "owner-sk")
                .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk")
                .maxCredentialLifetime(Duration.ofSeconds(8)).start();
        Map<String, String> worker = new HashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("offset.flush.interval.ms", "1000");
        connect = new EmbeddedConnectCluster.Builder().name("mc-ram-role").numWorkers(1).numBrokers(1)
                .workerProps(worker).build();
        connect.start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (ramSts != null) {
            ramSts.close();
        }
        if (maxCompute != null) {
            maxCompute.close();
        }
    }

    @Test
    void wrongTrustPolicyThenMissingGrantThenRowsThroughExpiringCredentials() throws Exception {
        maxCompute.execute("CREATE TABLE test_kafka(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING,"
                + " value STRING) PARTITIONED BY (pt STRING)");
        connect.kafka().createTopic("orders", 1);
        CreateRoleRequest create = new CreateRoleRequest();
        create.setRoleName(ROLE);
        create.setAssumeRolePolicyDocument(TRUSTS_MAXCOMPUTE_ONLY);
        ram(create);

        deploy("orders-sink");
        assertThat(failedTaskTrace("orders-sink")).contains("trust policy (AssumeRolePolicyDocument)")
                .contains("alikafka.aliyuncs.com");

        UpdateRoleRequest update = new UpdateRoleRequest();
        update.setRoleName(ROLE);
        update.setNewAssumeRolePolicyDocument(TRUSTS_CONNECTOR);
        ram(update);
        maxCompute.execute("add user " + USER + ";");
        maxCompute.execute("grant CreateInstance on project " + MaxComputeTables.PROJECT + " to user " + USER + ";");
        maxCompute.execute("grant Describe, Alter on table test_kafka to user " + USER + ";");
        connect.kafka().produce("orders", "k0", "v0");
        deploy("orders-sink");
        assertThat(failedTaskTrace("orders-sink")).contains("'Update'")
                .contains("grant Update on table test_kafka to user " + USER + ";");

        maxCompute.execute("grant Update on table test_kafka to user " + USER + ";");
        deploy("orders-sink");
        long streamed = 1;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            connect.kafka().produce("orders", "k" + streamed, "v" + streamed);
            streamed++;
            Thread.sleep(100);
        }
        long expected = streamed;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> maxCompute.count("test_kafka") >= expected);
        List<Map<String, Object>> rows = maxCompute.rows("test_kafka");
        Set<Long> offsets = rows.stream().map(r -> (Long) r.get("offset")).collect(Collectors.toSet());
        assertThat(offsets).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, expected).boxed().collect(Collectors.toList()));
        assertThat(rows).hasSize((int) expected);
        assertThat(connect.connectorStatus("orders-sink").tasks().get(0).state()).isEqualTo("RUNNING");
    }

    private static <T extends AcsResponse> T ram(AcsRequest<T> request) throws Exception {
        request.setSysEndpoint(ramSts.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "owner-ak", "owner-sk"))
                .getAcsResponse(request);
    }

    /** (Re)creates the connector with seed 001's STS keys; the user's AccessKey appears nowhere. */
    private static void deploy(String name) throws Exception {
        if (connect.connectors().contains(name)) {
            connect.deleteConnector(name);
        }
        Map<String, String> config = maxCompute.connectorSettings("test_kafka");
        config.put("account_type", "STS");
        config.put("access_id", "connector-ak");
        config.put("access_key", "connector-sk");
        config.put("account_id", ACCOUNT);
        config.put("region_id", "cn-hangzhou");
        config.put("role_name", ROLE);
        config.put("sts.endpoint", "http://" + ramSts.endpoint());
        config.put("client_timeout_ms", "3600000");
        config.put("topics", "orders");
        config.put("tasks.max", "1");
        config.put("format", "TEXT");
        config.put("mode", "DEFAULT");
        config.put("max_retries", "1");
        config.put("retry_backoff_ms", "100");
        config.put("record_batch_size", "10");
        connect.configureConnector(name, config);
    }

    private static String failedTaskTrace(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ConnectorStateInfo status = connect.connectorStatus(name);
            return !status.tasks().isEmpty() && status.tasks().get(0).state().equals("FAILED");
        });
        return connect.connectorStatus(name).tasks().get(0).trace();
    }
}
