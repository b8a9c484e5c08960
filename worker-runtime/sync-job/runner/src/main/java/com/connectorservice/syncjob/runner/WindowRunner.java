package com.connectorservice.syncjob.runner;

import com.connectorservice.syncjob.protocol.WindowRunResult;
import com.connectorservice.syncjob.protocol.SyncRunProtocol;
import com.connectorservice.syncjob.protocol.WindowRunSpec;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.account.Account;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.account.StsAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.connectorservice.syncjob.mapping.FieldExtractor;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.mapping.KafkaRecord;

/**
 * Runs one window: reads every partition of the topic from the first offset whose timestamp is at or after the
 * window's start to the first offset whose timestamp is at or after its end (Kafka's {@code offsetsForTimes}),
 * keeps the records whose timestamps are in the window, maps their fields, and writes them through one batch
 * tunnel upload session that <em>overwrites</em> the target partition when it commits.
 * <p>
 * Exactly once per window: nothing is visible before the single commit, and the commit replaces whatever the
 * partition held, so a retry after a crash, a rerun, or even two runs of the same window at once leave the
 * partition holding each record of the window exactly once. The consumer group's offsets are committed after the
 * tunnel commit, for monitoring only; a run never starts from them.
 */
public final class WindowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WindowRunner.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int BATCH = 2_000;
    private static final int WRITERS = 2;
    private static final CompressOption COMPRESSION = new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0);

    /** Counters the agent reports while the run is under way. */
    public record Progress(AtomicLong read, AtomicLong written) {
        public Progress() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    private WindowRunner() {
    }

    /**
     * @param cancelled polled between batches; a cancelled run stops without committing (the partition keeps what it held)
     * @throws Exception anything that stops the window from being written whole; nothing was committed then
     */
    public static WindowRunResult run(WindowRunSpec spec, Progress progress, BooleanSupplier cancelled) throws Exception {
        long started = System.nanoTime();
        WindowRunSpec.Target target = spec.target();
        Charset encoding = Charset.forName(spec.kafka().encoding() == null ? "UTF-8" : spec.kafka().encoding());
        FieldMapping mapping = FieldMapping.of(spec.mapping());

        Odps odps = odps(target);
        Table table = odps.tables().get(target.project(), target.schema(), target.table());
        TableSchema schema = table.getSchema();
        PartitionSpec partition = partition(target.partitionSpec(), schema);
        List<ColumnConverter> converters = converters(mapping, schema, encoding, target);
        int[] columnIndexes = mapping.entries().stream().mapToInt(e -> columnIndex(schema, e.column())).toArray();
        FieldExtractor extractor = new FieldExtractor(mapping, spec.kafka().keyType(), spec.kafka().valueType(), encoding);
        table.createPartition(partition, true);

        TableTunnel tunnel = new TableTunnel(odps);
        if (target.tunnelEndpoint() != null && !target.tunnelEndpoint().isBlank()) {
            tunnel.setEndpoint(target.tunnelEndpoint());
        }
        TableTunnel.UploadSession session = tunnel.createUploadSession(target.project(), target.schema(), target.table(),
                partition, true);
        LOG.info("run {}: window [{}, {}) of {} into {} {} (upload session {}, overwrite)", spec.runId(),
                spec.windowStartMillis(), spec.windowEndMillis(), spec.kafka().topic(), target.table(), partition, session.getId());

        try (KafkaConsumer<byte[], byte[]> consumer = consumer(spec.kafka())) {
            Ranges ranges = ranges(consumer, spec);
            LateCounter late = new LateCounter(spec.earlierWindows());
            BlockingQueue<List<Record>> queue = new ArrayBlockingQueue<>(WRITERS * 4);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> new Thread(r, "window-writer-" + spec.runId()));
            List<Future<Long>> blocks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long blockId = w;
                blocks.add(writers.submit(() -> writeBlock(session, blockId, queue)));
            }
            try {
                read(consumer, spec, ranges, extractor, converters, columnIndexes, session, queue, late, progress, cancelled,
                        blocks);
                for (int w = 0; w < WRITERS; w++) {
                    offer(queue, END, blocks);
                }
                long written = 0;
                for (Future<Long> block : blocks) {
                    written += block.get();
                }
                if (cancelled.getAsBoolean()) {
                    throw new InterruptedException("run " + spec.runId() + " was cancelled; nothing was committed");
                }
                session.commit(java.util.stream.LongStream.range(0, WRITERS).boxed().toArray(Long[]::new));
                progress.written().set(written);
                commitGroupOffsets(consumer, spec, ranges.end());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                LOG.info("run {}: {} records read, {} written into {} in {} ms", spec.runId(), progress.read().get(), written,
                        partition, millis);
                return new WindowRunResult(progress.read().get(), written, ranges.start(), ranges.end(), late.counts(), millis);
            } finally {
                writers.shutdownNow();
            }
        }
    }

    /** End of input for a writer thread. */
    private static final List<Record> END = List.of();

    private static long writeBlock(TableTunnel.UploadSession session, long blockId, BlockingQueue<List<Record>> queue)
            throws Exception {
        long count = 0;
        try (RecordWriter writer = session.openRecordWriter(blockId, COMPRESSION)) {
            while (true) {
                List<Record> batch = queue.take();
                if (batch == END) {
                    return count;
                }
                for (Record record : batch) {
                    writer.write(record);
                }
                count += batch.size();
            }
        }
    }

    private static void read(KafkaConsumer<byte[], byte[]> consumer, WindowRunSpec spec, Ranges ranges, FieldExtractor extractor,
            List<ColumnConverter> converters, int[] columnIndexes, TableTunnel.UploadSession session,
            BlockingQueue<List<Record>> queue, LateCounter late, Progress progress, BooleanSupplier cancelled,
            List<Future<Long>> writers) throws Exception {
        Map<TopicPartition, Long> end = new HashMap<>();
        List<TopicPartition> assigned = new ArrayList<>();
        ranges.start().forEach((p, start) -> {
            TopicPartition tp = new TopicPartition(spec.kafka().topic(), p);
            Long stop = ranges.end().get(p);
            if (stop == null || start < stop) {
                assigned.add(tp);
                end.put(tp, stop);
            }
        });
        if (assigned.isEmpty()) {
            return;
        }
        consumer.assign(assigned);
        assigned.forEach(tp -> consumer.seek(tp, ranges.start().get(tp.partition())));
        Map<TopicPartition, Long> lastProgress = new HashMap<>();
        assigned.forEach(tp -> lastProgress.put(tp, System.nanoTime()));
        List<TopicPartition> open = new ArrayList<>(assigned);
        long windowStart = spec.windowStartMillis();
        long windowEnd = spec.windowEndMillis();
        List<Record> batch = new ArrayList<>(BATCH);
        while (!open.isEmpty()) {
            if (cancelled.getAsBoolean()) {
                return;
            }
            failFast(writers);
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                Long stop = end.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (stop != null && record.offset() >= stop) {
                        break;
                    }
                    if (stop == null && record.timestamp() >= windowEnd && !ranges.scanUntil(tp.partition(), record.offset())) {
                        // open-ended partition (no new data strategy): the first record at or after the end closes it
                        end.put(tp, record.offset());
                        ranges.end().put(tp.partition(), record.offset());
                        break;
                    }
                    progress.read().incrementAndGet();
                    long ts = record.timestamp();
                    if (ts >= windowStart && ts < windowEnd) {
                        Object[] values = extractor.extract(toKafkaRecord(record));
                        Record row = session.newRecord();
                        for (int i = 0; i < values.length; i++) {
                            row.set(columnIndexes[i], converters.get(i).convert(values[i]));
                        }
                        batch.add(row);
                        if (batch.size() >= BATCH) {
                            offer(queue, batch, writers);
                            progress.written().addAndGet(batch.size());
                            batch = new ArrayList<>(BATCH);
                        }
                    } else if (ts < windowStart) {
                        late.observe(tp.partition(), record.offset(), ts);
                    }
                }
                lastProgress.put(tp, System.nanoTime());
            }
            for (java.util.Iterator<TopicPartition> it = open.iterator(); it.hasNext();) {
                TopicPartition tp = it.next();
                Long stop = end.get(tp);
                long position = consumer.position(tp);
                if (stop != null && position >= stop) {
                    it.remove();
                } else if (stop == null && System.nanoTime() - lastProgress.get(tp) >= TimeUnit.MILLISECONDS.toNanos(spec.noNewDataMillis())) {
                    LOG.info("run {}: no new data in {} for {} ms; ending it at offset {}", spec.runId(), tp, spec.noNewDataMillis(), position);
                    ranges.end().put(tp.partition(), position);
                    it.remove();
                }
            }
            if (open.size() < consumer.assignment().size()) {
                consumer.pause(consumer.assignment().stream().filter(tp -> !open.contains(tp)).toList());
            }
        }
        if (!batch.isEmpty()) {
            offer(queue, batch, writers);
            progress.written().addAndGet(batch.size());
        }
    }

    private static void offer(BlockingQueue<List<Record>> queue, List<Record> batch, List<Future<Long>> writers) throws Exception {
        while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
            failFast(writers);
        }
    }

    /** A writer that failed (e.g. the tunnel refused a block) stops the run at once. */
    private static void failFast(List<Future<Long>> writers) throws Exception {
        for (Future<Long> writer : writers) {
            if (writer.isDone()) {
                writer.get();
                throw new IllegalStateException("a block writer ended early");
            }
        }
    }

    private static KafkaRecord toKafkaRecord(ConsumerRecord<byte[], byte[]> record) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new java.util.AbstractMap.SimpleEntry<>(header.key(), header.value()));
        }
        return new KafkaRecord(record.partition(), record.offset(), record.timestamp(), record.key(), record.value(), headers);
    }

    /** Per partition: where the window starts and where reading stops (null: open-ended, no new data strategy). */
    private record Ranges(Map<Integer, Long> start, Map<Integer, Long> end, Map<Integer, Long> scanUntilOffsets) {
        boolean scanUntil(int partition, long offset) {
            return offset < scanUntilOffsets.getOrDefault(partition, -1L);
        }
    }

    private static Ranges ranges(KafkaConsumer<byte[], byte[]> consumer, WindowRunSpec spec) {
        String topic = spec.kafka().topic();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, Long> logEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, OffsetAndTimestamp> atStart = consumer.offsetsForTimes(times(partitions, spec.windowStartMillis()),
                Duration.ofSeconds(30));
        Map<TopicPartition, OffsetAndTimestamp> atEnd = consumer.offsetsForTimes(times(partitions, spec.windowEndMillis()),
                Duration.ofSeconds(30));
        Map<Integer, Long> start = new TreeMap<>();
        Map<Integer, Long> end = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            long logEndOffset = logEnd.get(tp);
            OffsetAndTimestamp first = atStart.get(tp);
            OffsetAndTimestamp last = atEnd.get(tp);
            start.put(tp.partition(), first == null ? logEndOffset : first.offset());
            Long stop = last != null ? Long.valueOf(last.offset())
                    : spec.endStrategy() == WindowRunSpec.EndStrategy.REACH_END_OFFSETS ? Long.valueOf(logEndOffset) : null;
            Long further = spec.scanUntil().get(tp.partition());
            if (stop != null && further != null && further > stop) {
                stop = Math.min(further, logEndOffset);
            }
            end.put(tp.partition(), stop);
        }
        return new Ranges(start, end, spec.scanUntil());
    }

    private static Map<TopicPartition, Long> times(List<TopicPartition> partitions, long millis) {
        Map<TopicPartition, Long> times = new LinkedHashMap<>();
        partitions.forEach(tp -> times.put(tp, millis));
        return times;
    }

    private static void commitGroupOffsets(KafkaConsumer<byte[], byte[]> consumer, WindowRunSpec spec, Map<Integer, Long> end) {
        if (spec.kafka().consumerGroup() == null || spec.kafka().consumerGroup().isBlank()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        end.forEach((p, offset) -> {
            if (offset != null) {
                offsets.put(new TopicPartition(spec.kafka().topic(), p), new OffsetAndMetadata(offset, SyncRunProtocol.GROUP_OFFSET_METADATA + spec.runId()));
            }
        });
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // monitoring only: the window is committed, and no run starts from these offsets
            LOG.warn("run {}: the window is written, but the offsets of group {} were not committed: {}", spec.runId(),
                    spec.kafka().consumerGroup(), e.toString());
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(WindowRunSpec.Kafka kafka) {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        if (kafka.consumerGroup() != null && !kafka.consumerGroup().isBlank()) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroup());
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        properties.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(1024 * 1024));
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "sync-window");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Odps odps(WindowRunSpec.Target target) {
        Account account = target.securityToken() == null || target.securityToken().isBlank()
                ? new AliyunAccount(target.accessKeyId(), target.accessKeySecret())
                : new StsAccount(target.accessKeyId(), target.accessKeySecret(), target.securityToken());
        Odps odps = new Odps(account);
        odps.setEndpoint(target.endpoint());
        odps.setDefaultProject(target.project());
        return odps;
    }

    private static PartitionSpec partition(String spec, TableSchema schema) {
        PartitionSpec partition = new PartitionSpec(spec);
        List<String> expected = schema.getPartitionColumns().stream().map(c -> c.getName().toLowerCase(Locale.ROOT)).toList();
        List<String> given = partition.keys().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        if (!expected.equals(given)) {
            throw new IllegalArgumentException("destination.partition: '" + spec + "' names the partition columns " + given
                    + ", but the table's partition columns are " + expected);
        }
        return partition;
    }

    private static List<ColumnConverter> converters(FieldMapping mapping, TableSchema schema, Charset encoding,
            WindowRunSpec.Target target) {
        var unknown = mapping.unknownColumns(schema.getColumns().stream().map(Column::getName).toList());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.get(0).field() + ": " + unknown.get(0).message());
        }
        List<ColumnConverter> converters = new ArrayList<>();
        for (FieldMapping.Entry entry : mapping.entries()) {
            Column column = schema.getColumn(columnIndex(schema, entry.column()));
            if (!ColumnConverter.supports(column.getTypeInfo().getOdpsType())) {
                throw new IllegalArgumentException("column '" + column.getName() + "' has type " + column.getTypeInfo()
                        + ", which sync jobs do not write");
            }
            converters.add(new ColumnConverter(column, encoding, java.time.ZoneId.of(target.zone())));
        }
        return converters;
    }

    private static int columnIndex(TableSchema schema, String column) {
        List<Column> columns = schema.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getName().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("column '" + column + "' is not in the table");
    }

    /** Counts records whose timestamps fall in windows that already ran, past the offsets those runs read. */
    private static final class LateCounter {
        private final List<WindowRunSpec.EarlierWindow> windows;
        private final Map<Long, Long> counts = new TreeMap<>();

        LateCounter(List<WindowRunSpec.EarlierWindow> windows) {
            this.windows = windows.stream().sorted(java.util.Comparator.comparingLong(WindowRunSpec.EarlierWindow::startMillis))
                    .toList();
        }

        void observe(int partition, long offset, long timestamp) {
            for (WindowRunSpec.EarlierWindow window : windows) {
                if (timestamp >= window.startMillis() && timestamp < window.endMillis()
                        && offset >= window.endOffsets().getOrDefault(partition, -1L)) {
                    counts.merge(window.startMillis(), 1L, Long::sum);
                }
            }
        }

        Map<Long, Long> counts() {
            return counts;
        }
    }
}
