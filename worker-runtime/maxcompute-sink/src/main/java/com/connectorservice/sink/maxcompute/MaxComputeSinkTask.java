package com.connectorservice.sink.maxcompute;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.data.Record;
import com.connectorservice.sink.common.FailedRecordHandler;
import com.connectorservice.sink.common.RecordBytes;

/**
 * Converts records to rows in {@link #put} and leaves the writing to a {@link WritePipeline}, so writing
 * overlaps polling. Offsets are committed only for durable rows ({@link #preCommit}); a record that can
 * never be written goes to the {@link FailedRecordHandler}.
 */
public class MaxComputeSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MaxComputeSinkTask.class);
    /** Per-record heap beyond the key and value (row array, boxed fields, list entry). */
    private static final long ROW_OVERHEAD_BYTES = 96;

    private MaxComputeSinkConfig config;
    private RowConverter converter;
    private FailedRecordHandler failedRecords;
    private WritePipeline pipeline;
    private MaxComputeTable table;
    private long maxBufferedBytes;
    private boolean paused;

    @Override
    public String version() {
        return MaxComputeSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MaxComputeSinkConfig(props);
        table = new MaxComputeTable(config);
        converter = new RowConverter(table.schema(), config.qualifiedTable(), config.format, config.mode,
                new ColumnValues(config.timeZone));
        failedRecords = new FailedRecordHandler(config, context);
        maxBufferedBytes = config.bufferBytes();
        pipeline = new WritePipeline(TunnelWriter.of(table), new Retry(config.maxRetries(), config.retryBackoffMs()),
                config.recordBatchSize(), config.sinkPoolSize(), String.valueOf(props.getOrDefault("name", "maxcompute-sink")),
                context::requestCommit);
        log.info("MaxCompute sink task writing {} as {}/{} ({} tunnel, pt per {} in {})", config.qualifiedTable(),
                config.format, config.mode, config.useStreaming() ? "streaming" : "batch", config.partitionWindow,
                config.timeZone);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfWritingFailed();
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            long bytes = ROW_OVERHEAD_BYTES + RecordBytes.heapSize(record.key()) + RecordBytes.heapSize(record.value());
            try {
                Record row = converter.convert(record);
                pipeline.add(tp, record.kafkaOffset(), config.partitionValue(record.timestamp(), System.currentTimeMillis()), row, bytes);
            } catch (BadRecordException e) {
                failedRecords.handle(record, e);
                pipeline.add(tp, record.kafkaOffset(), null, null, 0);
            }
        }
        // A partition with nothing being written starts writing now rather than at the next offset commit
        // (60 s by default), so a test message shows up at once; busy partitions keep filling their batch.
        pipeline.sealIdle();
        applyBackPressure();
    }

    private void applyBackPressure() {
        if (pipeline.bufferedBytes() >= maxBufferedBytes) {
            Set<TopicPartition> assignment = context.assignment();
            context.pause(assignment.toArray(new TopicPartition[0]));
            if (!paused) {
                log.debug("Buffer full ({} bytes >= {}); pausing consumption", pipeline.bufferedBytes(), maxBufferedBytes);
            }
            paused = true;
        } else if (paused && pipeline.bufferedBytes() < maxBufferedBytes / 2) {
            context.resume(context.assignment().toArray(new TopicPartition[0]));
            paused = false;
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        failedRecords.flush();
        pipeline.sealIdle();
        throwIfWritingFailed();
        Map<TopicPartition, OffsetAndMetadata> durable = pipeline.durableOffsets();
        durable.keySet().retainAll(currentOffsets.keySet());
        failedRecords.committing(durable);
        return durable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (pipeline != null) {
            pipeline.revoke(partitions);
        }
        if (failedRecords != null) {
            failedRecords.close(partitions);
        }
    }

    private void throwIfWritingFailed() {
        try {
            pipeline.throwIfFailed();
        } catch (ConnectException e) {
            throw table.withAdvice(e);
        }
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (failedRecords != null) {
            failedRecords.close();
        }
        if (table != null) {
            table.close();
        }
    }

    WritePipeline pipeline() {
        return pipeline;
    }
}
