package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;

/**
 * Rows per second the sink writes into the Tablestore emulator through a real Connect worker (wide
 * column in kafka primary key mode, and time series), against the rate a plain consumer reads the
 * same topic on the same machine (the ceiling). Not part of the default build; run it with
 * <pre>./mvnw -o -pl worker-runtime/tablestore-sink test -Dtest=TablestoreSinkBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dbenchmark.records=200000 -Dbenchmark.runs=3]</pre>
 * The sink's clock runs from its first offset commit to the commit of the last record: offsets are
 * committed only once Tablestore acknowledged the rows, so that is the rate at which rows become durable.
 */
class TablestoreSinkBenchmark {

    private static final int RECORDS = Integer.getInteger("benchmark.records", 200_000);
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int PARTITIONS = 4;

    @TempDir
    Path data;

    @Test
    void sinkRateAgainstRawConsumerRate() throws Exception {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("offset.flush.interval.ms", "200");
        workerProps.put("connector.client.config.override.policy", "All");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("tablestore-benchmark").numWorkers(1)
                .workerProps(workerProps).build();
        connect.start();
        try (TablestoreEmulator emulator = TablestoreEmulator.builder().port(0).dataDirectory(data)
                .credential(TablestoreSinkEndToEndTest.AK, TablestoreSinkEndToEndTest.SK)
                .instance(TablestoreSinkEndToEndTest.INSTANCE).start()) {
            List<String> report = new ArrayList<>();
            directBatchWriteRate(emulator, -1); // warm-up: JIT of SDK and emulator
            List<Double> direct = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                direct.add(directBatchWriteRate(emulator, run));
            }
            Collections.sort(direct);
            report.add(String.format(Locale.ROOT, "emulator ceiling: SDK BatchWriteRow, 8 threads x 200 rows, no Kafka: %.0f rows/s",
                    direct.get(direct.size() / 2)));
            for (String model : List.of("normal", "timeseries")) {
                List<double[]> runs = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    runs.add(measure(connect, emulator, model, run));
                }
                report.add(summary(model, runs));
            }
            System.out.println("\n=== Tablestore sink benchmark: " + RECORDS + " records, " + PARTITIONS
                    + " partitions, tasks.max=2, " + Runtime.getRuntime().availableProcessors() + " cores, medians of " + RUNS
                    + " runs ===");
            report.forEach(System.out::println);
        } finally {
            connect.stop();
        }
    }

    /** Rows/s the emulator takes from the SDK alone, with the sink's request shape: what no sink can exceed here. */
    private static double directBatchWriteRate(TablestoreEmulator emulator, int run) throws Exception {
        String table = "direct_" + (run + 1);
        SyncClient client = new SyncClient(emulator.endpoint(), TablestoreSinkEndToEndTest.AK, TablestoreSinkEndToEndTest.SK,
                TablestoreSinkEndToEndTest.INSTANCE);
        try {
            TableMeta meta = new TableMeta(table);
            meta.addPrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING);
            meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
            client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
            int threads = 8;
            int perThread = RECORDS / threads;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int from = 0; from < perThread; from += 200) {
                        BatchWriteRowRequest request = new BatchWriteRowRequest();
                        for (int i = from; i < Math.min(perThread, from + 200); i++) {
                            RowPutChange change = new RowPutChange(table, PrimaryKeyBuilder.createPrimaryKeyBuilder()
                                    .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString("t_" + thread))
                                    .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(i)).build());
                            change.addColumn("order_id", ColumnValue.fromString(String.valueOf(i)));
                            change.addColumn("user", ColumnValue.fromString("user-" + (i % 1000)));
                            change.addColumn("amount", ColumnValue.fromString(String.valueOf(i * 1.5)));
                            change.addColumn("paid", ColumnValue.fromString("true"));
                            change.addColumn("item", ColumnValue.fromString("{\"sku\":\"sku-1\",\"qty\":3}"));
                            request.addRowChange(change);
                        }
                        assertThat(client.batchWriteRow(request).isAllSucceed()).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double rate = (double) perThread * threads / ((System.nanoTime() - start) / 1e9);
            pool.shutdown();
            System.out.printf(Locale.ROOT, "direct run %d: %.0f rows/s%n", run, rate);
            return rate;
        } finally {
            client.shutdown();
        }
    }

    /** @return {sink records/s, sink MB/s, consumer records/s, consumer MB/s} */
    private double[] measure(EmbeddedConnectCluster connect, TablestoreEmulator emulator, String model, int run)
            throws Exception {
        String topic = "bench_" + model + "_" + run;
        connect.kafka().createTopic(topic, PARTITIONS);
        long bytes = produce(connect, topic, model);
        long total = topicSize(connect, topic);
        double consumerSeconds = rawConsume(connect, topic, total);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", TablestoreSinkConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topics", topic);
        config.put("key.converter", StringConverter.class.getName());
        config.put("value.converter", StringConverter.class.getName());
        config.put("consumer.override.max.poll.records", "2000");
        config.put(TablestoreSinkSpec.ENDPOINT, emulator.endpoint());
        config.put(TablestoreSinkSpec.INSTANCE_NAME, TablestoreSinkEndToEndTest.INSTANCE);
        config.put(TablestoreSinkSpec.ACCESS_KEY_ID, TablestoreSinkEndToEndTest.AK);
        config.put(TablestoreSinkSpec.ACCESS_KEY_SECRET, TablestoreSinkEndToEndTest.SK);
        config.put(TablestoreSinkSpec.AUTO_CREATE, "true");
        config.put(TablestoreSinkSpec.TABLE_MODEL, model);
        if (model.equals("timeseries")) {
            config.put(TablestoreSinkSpec.TS_MEASUREMENT, "m");
            config.put(TablestoreSinkSpec.TS_DATA_SOURCE, "host");
            config.put(TablestoreSinkSpec.TS_TAGS, "region");
            config.put(TablestoreSinkSpec.TS_TIME, "t");
        }
        String name = topic.replace('_', '-');
        connect.configureConnector(name, config);

        long firstCommitAt = 0;
        long committedAtFirst = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long committed = 0;
        while (committed < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink did not finish: " + committed + " of " + total);
            }
            Thread.sleep(50);
            committed = committed(connect, name);
            if (firstCommitAt == 0 && committed > 0) {
                firstCommitAt = System.nanoTime();
                committedAtFirst = committed;
            }
        }
        double sinkSeconds = (System.nanoTime() - firstCommitAt) / 1e9;
        double sinkRecords = total - committedAtFirst;
        connect.deleteConnector(name);
        int stored = model.equals("normal")
                ? emulator.rows(TablestoreSinkEndToEndTest.INSTANCE, topic).size()
                : emulator.timeseriesRows(TablestoreSinkEndToEndTest.INSTANCE, topic).size();
        // kafka primary key mode: one row per record; time series: a duplicated record rewrites its point
        assertThat(stored).as("rows in the emulator").isEqualTo(model.equals("normal") ? total : RECORDS);
        double bytesPerRecord = (double) bytes / RECORDS;
        double[] result = {sinkRecords / sinkSeconds, sinkRecords * bytesPerRecord / sinkSeconds / 1e6,
                total / consumerSeconds, total * bytesPerRecord / consumerSeconds / 1e6};
        System.out.printf(Locale.ROOT, "%s run %d: sink %.0f rec/s %.2f MB/s; raw consumer %.0f rec/s %.2f MB/s%n",
                model, run, result[0], result[1], result[2], result[3]);
        return result;
    }

    private static long produce(EmbeddedConnectCluster connect, String topic, String model) throws Exception {
        long bytes = 0;
        List<Future<?>> sent = new ArrayList<>(RECORDS);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(
                // The embedded broker on a loaded 2-core machine has thrown OutOfOrderSequence at the idempotent
                // producer; a retry may then duplicate a record, so the topic's real size is counted below.
                Map.of("linger.ms", 20, "batch.size", 262_144, "acks", "all", "enable.idempotence", false,
                        "max.in.flight.requests.per.connection", 1))) {
            for (int i = 0; i < RECORDS; i++) {
                String value = model.equals("normal")
                        ? "{\"order_id\":" + i + ",\"user\":\"user-" + (i % 1000) + "\",\"amount\":" + (i % 997) * 1.5
                        + ",\"paid\":" + (i % 2 == 0) + ",\"item\":{\"sku\":\"sku-" + (i % 50) + "\",\"qty\":" + (i % 7) + "}}"
                        : "{\"m\":\"cpu\",\"host\":\"host-" + (i % 100) + "\",\"region\":\"hz\",\"t\":" + (1_700_000_000_000L + i)
                        + ",\"usage\":" + (i % 100) + ",\"load\":" + (i % 13) * 0.1 + ",\"state\":\"ok\"}";
                byte[] payload = value.getBytes(StandardCharsets.UTF_8);
                bytes += payload.length;
                sent.add(producer.send(new ProducerRecord<>(topic, null, ("k" + i).getBytes(StandardCharsets.UTF_8), payload)));
            }
            producer.flush();
            for (Future<?> future : sent) {
                future.get(2, TimeUnit.MINUTES); // every record is in the topic exactly once before measuring
            }
        }
        return bytes;
    }

    /** Seconds a plain consumer needs to read the whole topic: the ceiling for any sink on this machine. */
    private static long topicSize(EmbeddedConnectCluster connect, String topic) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static double rawConsume(EmbeddedConnectCluster connect, String topic, long total) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            consumer.subscribe(List.of(topic));
            long read = 0;
            long start = 0;
            long checksum = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (read < total) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("raw consumer read only " + read + " of " + total);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    checksum += record.value().length;
                    read++;
                }
            }
            assertThat(checksum).isPositive();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static long committed(EmbeddedConnectCluster connect, String connector) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String summary(String model, List<double[]> runs) {
        double sink = median(runs, 0);
        double consumer = median(runs, 2);
        return String.format(Locale.ROOT, "%-10s sink %8.0f rec/s %6.2f MB/s | raw consumer %8.0f rec/s %6.2f MB/s | ratio %.2f",
                model.equals("normal") ? "wide-col" : "timeseries", sink, median(runs, 1), consumer, median(runs, 3), sink / consumer);
    }

    private static double median(List<double[]> runs, int index) {
        List<Double> values = new ArrayList<>();
        runs.forEach(run -> values.add(run[index]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
