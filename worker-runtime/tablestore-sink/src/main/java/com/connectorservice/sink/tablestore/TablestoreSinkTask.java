package com.connectorservice.sink.tablestore;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.core.auth.CredentialsProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentialProvider;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.DefaultRetryStrategy;
import com.connectorservice.sink.common.FailedRecordHandler;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig.TableModel;
import com.connectorservice.sink.tablestore.batch.FailedRow;
import com.connectorservice.sink.tablestore.timeseries.TimeseriesModel;
import com.connectorservice.sink.tablestore.widecolumn.WideColumnModel;

/**
 * Writes each batch of records to Tablestore before {@link #put} returns, and lets Connect commit an
 * offset only once its record is acknowledged by Tablestore or durable in the error topic.
 */
public final class TablestoreSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(TablestoreSinkTask.class);
    /** How long the SDK itself retries a request (throttling, a table not ready yet) before reporting it. */
    private static final long SDK_RETRY_BUDGET_MS = 10_000;

    private FailedRecordHandler failedRecords;
    private RecordWriter<?> writer;
    /** Next offset to commit per partition; touched only by the task's own thread. */
    private final Map<TopicPartition, Long> acknowledged = new HashMap<>();

    @Override
    public String version() {
        return TablestoreSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        TablestoreSinkConfig config = new TablestoreSinkConfig(props);
        String taskName = props.getOrDefault("name", "tablestore-sink");
        failedRecords = new FailedRecordHandler(config, context);
        ClientConfiguration clientConfig = clientConfiguration(config);
        RoleCredentialsProvider role = config.usesRole() ? new RoleCredentialsProvider(config) : null;
        CredentialsProvider credentials = role != null ? role
                : new DefaultCredentialProvider(config.accessKeyId(), config.accessKeySecret().value());
        if (config.tableModel() == TableModel.TIMESERIES) {
            TimeseriesClient client = new TimeseriesClient(config.endpoint(), credentials, config.instanceName(),
                    clientConfig, null);
            writer = new RecordWriter<>(config, new TimeseriesModel(client, config), closing(client::shutdown, role),
                    taskName);
        } else {
            SyncClient client = new SyncClient(config.endpoint(), credentials, config.instanceName(), clientConfig,
                    null);
            writer = new RecordWriter<>(config, new WideColumnModel(client, config), closing(client::shutdown, role),
                    taskName);
        }
        log.info("Tablestore sink task started: instance {}, endpoint {}, model {}", config.instanceName(),
                config.endpoint(), config.tableModel());
    }

    private static AutoCloseable closing(Runnable shutdownClient, RoleCredentialsProvider role) {
        return () -> {
            shutdownClient.run();
            if (role != null) {
                role.close();
            }
        };
    }

    private static ClientConfiguration clientConfiguration(TablestoreSinkConfig config) {
        ClientConfiguration clientConfig = new ClientConfiguration();
        clientConfig.setConnectionTimeoutInMillisecond(config.requestTimeoutMs());
        clientConfig.setSocketTimeoutInMillisecond(config.requestTimeoutMs());
        clientConfig.setMaxConnections(Math.max(16, 2 * config.maxConcurrency()));
        long sdkRetryBudget = Math.min(SDK_RETRY_BUDGET_MS, config.retryTimeoutMs());
        clientConfig.setRetryStrategy(new DefaultRetryStrategy(sdkRetryBudget, TimeUnit.MILLISECONDS));
        clientConfig.setSyncClientWaitFutureTimeoutInMillis(sdkRetryBudget + 2L * config.requestTimeoutMs());
        return clientConfig;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        for (FailedRow failed : writer.write(records)) {
            failedRecords.handle(failed.record(), failed.reason());
        }
        for (SinkRecord record : records) {
            acknowledged.put(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset() + 1);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        failedRecords.flush();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        currentOffsets.forEach((partition, offset) -> {
            Long written = acknowledged.get(partition);
            if (written != null) {
                committable.put(partition, new OffsetAndMetadata(Math.min(written, offset.offset()), offset.metadata()));
            }
        });
        failedRecords.committing(committable);
        return committable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(acknowledged::remove);
        if (failedRecords != null) {
            failedRecords.close(partitions);
        }
    }

    @Override
    public void stop() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (Exception e) {
            log.warn("Closing the Tablestore client failed", e);
        } finally {
            if (failedRecords != null) {
                failedRecords.close();
            }
        }
    }
}
