package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;

class StreamingTunnelTest {

    private static final String PROJECT = EmulatorFixture.PROJECT;

    @TempDir
    Path data;
    EmulatorFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EmulatorFixture(data);
        fixture.sql("CREATE TABLE table_flatten(topic STRING, `partition` BIGINT, `offset` BIGINT, id BIGINT,"
                + " name STRING, extendinfo JSON) PARTITIONED BY (pt STRING);");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static void append(TableTunnel.StreamUploadSession session, TableTunnel.StreamRecordPack pack, long offset)
            throws Exception {
        Record r = session.newRecord();
        r.setString("topic", "topic_flatten");
        r.setBigint("partition", 0L);
        r.setBigint("offset", offset);
        r.setBigint("id", 100 + offset);
        r.setString("name", "json-" + offset);
        r.set("extendinfo", new com.aliyun.odps.data.SimpleJsonValue("{\"region\":\"beijing\"}"));
        pack.append(r);
    }

    @Test
    void streamingSessionCreatesThePartitionAndEachPackIsVisibleOnceFlushed() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        PartitionSpec pt = new PartitionSpec("pt='07-14-2023 01:33'");
        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(PROJECT, "table_flatten")
                .setPartitionSpec(pt).setCreatePartition(true).build();
        assertThat(fixture.odps().tables().get("table_flatten").hasPartition(pt)).isTrue();

        TableTunnel.StreamRecordPack pack = session.newRecordPack();
        append(session, pack, 0);
        append(session, pack, 1);
        pack.flush();
        assertThat(fixture.sql("select count(*) from table_flatten where pt='07-14-2023 01:33'"))
                .isEqualTo("_c0\n2\n");

        TableTunnel.StreamRecordPack snappy = session.newRecordPack(
                new CompressOption(CompressOption.CompressAlgorithm.ODPS_SNAPPY, 1, 0));
        append(session, snappy, 2);
        snappy.flush();
        assertThat(fixture.emulator.rows(PROJECT, "table_flatten", "pt=07-14-2023 01:33"))
                .extracting(r -> r.get("offset")).containsExactly(0L, 1L, 2L);
        assertThat(fixture.emulator.rows(PROJECT, "table_flatten", null).get(2).get("extendinfo"))
                .isEqualTo("{\"region\":\"beijing\"}");
    }

    @Test
    void packsFromManyThreadsAllLand() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(PROJECT, "table_flatten")
                .setPartitionSpec("pt='concurrent'").setCreatePartition(true).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long base = t * 1000L;
                futures.add(pool.submit(() -> {
                    for (int p = 0; p < 5; p++) {
                        TableTunnel.StreamRecordPack pack = session.newRecordPack();
                        for (int i = 0; i < 50; i++) {
                            append(session, pack, base + p * 50 + i);
                        }
                        pack.flush();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.emulator.rows(PROJECT, "table_flatten", "pt=concurrent"))
                .extracting(r -> r.get("offset")).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void sessionsCheckingTheLatestSchemaWorkAndPacksSurviveARestart() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        tunnel.setEndpoint(fixture.emulator.tunnelEndpoint());
        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(PROJECT, "table_flatten")
                .setPartitionSpec("pt='07-14-2023 13:16'").setCreatePartition(true).allowSchemaMismatch(false)
                .build();
        TableTunnel.StreamRecordPack pack = session.newRecordPack();
        for (long i = 0; i < 100; i++) {
            append(session, pack, i);
        }
        pack.flush();
        fixture.restart();
        assertThat(fixture.emulator.execute("select count(*) from table_flatten where pt = '07-14-2023 13:16'"))
                .singleElement().satisfies(row -> assertThat(row.get("_c0")).isEqualTo(100L));

        // the client's session keeps working against the restarted emulator (same port, same data)
        TableTunnel.StreamRecordPack afterRestart = session.newRecordPack();
        append(session, afterRestart, 100);
        afterRestart.flush();
        assertThat(fixture.emulator.rows(PROJECT, "table_flatten", "pt='07-14-2023 13:16'")).hasSize(101);
    }
}
