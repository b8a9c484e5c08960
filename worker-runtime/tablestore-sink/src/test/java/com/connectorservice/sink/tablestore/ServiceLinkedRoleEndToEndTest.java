package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.emulator.ramsts.RamStsEmulator;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;

/**
 * Seed 003's service-linked role: once created, the connector service's own AccessKey assumes it through STS and
 * writes with the temporary credentials, which live 6 s here, so a 15 s stream crosses renewals and loses nothing.
 */
class ServiceLinkedRoleEndToEndTest {
    private static final String ACCOUNT = "1880000000000000";
    private static final String INSTANCE = "local-ots";

    @TempDir
    Path dataDirectory;
    private RamStsEmulator ramSts;
    private TablestoreEmulator tablestore;
    private EmbeddedConnectCluster connect;

    @AfterEach
    void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (tablestore != null) {
            tablestore.close();
        }
        if (ramSts != null) {
            ramSts.close();
        }
    }

    @Test
    void theServiceLinkedRolesExpiringCredentialsAreRenewedWithoutLosingARow() throws Exception {
        ramSts = RamStsEmulator.builder().port(0).account(ACCOUNT, "owner-ak", "owner-sk")
                .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk")
                .service("connector.alikafka.aliyuncs.com", "connector-ak", "connector-sk")
                .maxCredentialLifetime(Duration.ofSeconds(6)).start();
        // only the owner's key exists in Tablestore: every write must come from the role's temporary credentials
        tablestore = TablestoreEmulator.builder().port(0).dataDirectory(dataDirectory).credential("owner-ak", "owner-sk")
                .instance(INSTANCE).stsSigningKey(ramSts.stsSigningKey()).start();
        createServiceLinkedRole();
        connect = new EmbeddedConnectCluster.Builder().name("tablestore-slr").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "500"))).build();
        connect.start();
        connect.kafka().createTopic("orders", 1);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", TablestoreSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", "orders");
        config.put("key.converter", StringConverter.class.getName());
        config.put("value.converter", StringConverter.class.getName());
        config.put(TablestoreSinkSpec.ENDPOINT, tablestore.endpoint());
        config.put(TablestoreSinkSpec.INSTANCE_NAME, INSTANCE);
        config.put(TablestoreSinkSpec.AUTH_MODE, "sts");
        config.put(TablestoreSinkSpec.ACCESS_KEY_ID, "connector-ak");
        config.put(TablestoreSinkSpec.ACCESS_KEY_SECRET, "connector-sk");
        config.put(TablestoreSinkSpec.STS_REGION, "cn-hangzhou");
        config.put(TablestoreSinkSpec.STS_ACCOUNT_ID, ACCOUNT);
        config.put(TablestoreSinkSpec.STS_ROLE_NAME, "AliyunServiceRoleForAlikafkaConnector");
        config.put(TablestoreSinkSpec.STS_ENDPOINT, "http://" + ramSts.endpoint());
        config.put(TablestoreSinkSpec.AUTO_CREATE, "true");
        config.put(TablestoreSinkSpec.TABLE_NAME_FORMAT, "t_<topic>");
        connect.configureConnector("orders-ots", config);

        int sent = 0;
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            connect.kafka().produce("orders", "k" + sent, "{\"n\":" + sent + "}");
            sent++;
            Thread.sleep(100);
        }
        int expected = sent;
        SyncClient reader = new SyncClient(tablestore.endpoint(), "owner-ak", "owner-sk", INSTANCE);
        try {
            TablestoreReader rows = new TablestoreReader(reader);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows.rows("t_orders"))
                    .hasSize(expected));
        } finally {
            reader.shutdown();
        }
        assertThat(connect.connectorStatus("orders-ots").tasks().get(0).state()).isEqualTo("RUNNING");
    }

    /** What the control plane's authorization check does when the role is missing. */
    private void createServiceLinkedRole() throws Exception {
        CommonRequest request = new CommonRequest();
        request.setSysDomain(ramSts.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        request.setSysVersion("2015-05-01");
        request.setSysAction("CreateServiceLinkedRole");
        request.putQueryParameter("ServiceName", "connector.alikafka.aliyuncs.com");
        new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "owner-ak", "owner-sk")).getCommonResponse(request);
    }
}
