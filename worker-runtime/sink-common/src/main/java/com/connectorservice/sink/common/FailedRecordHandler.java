package com.connectorservice.sink.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.contracts.sink.FailedRecordSpec;

/**
 * Routes a record that can never be written so that it is not lost without a trace.
 *
 * <p>In order of preference: the runtime error topic ({@link FailedRecordSpec#ERROR_TOPIC}) with the
 * original bytes and headers saying why; Connect's dead-letter queue when the connector runs with
 * {@code errors.tolerance=all}; a warning naming the record when {@code skip_error=true}; otherwise the
 * task fails with the reason. Offsets must not be committed before {@link #flush()} returned, so a
 * record is never both skipped by the sink and missing from its error topic.
 */
public final class FailedRecordHandler implements AutoCloseable {

    public static final String HEADER_PREFIX = "__connect.errors.";

    private static final Logger log = LoggerFactory.getLogger(FailedRecordHandler.class);

    private final String errorTopic;
    private final Producer<byte[], byte[]> producer;
    private final ErrantRecordReporter deadLetterQueue;
    private final boolean skipError;
    private final String connectorName;
    private final List<Future<?>> pending = new ArrayList<>();

    public FailedRecordHandler(AbstractConfig config, SinkTaskContext context) {
        this.errorTopic = config.getString(FailedRecordSpec.ERROR_TOPIC);
        this.skipError = config.getBoolean(FailedRecordSpec.SKIP_ERROR);
        this.connectorName = (String) config.originals().get("name");
        this.deadLetterQueue = "all".equalsIgnoreCase(String.valueOf(config.originals().get("errors.tolerance")))
                ? errantRecordReporter(context) : null;
        this.producer = errorTopic == null ? null : errorTopicProducer(config);
    }

    public synchronized void handle(SinkRecord record, Throwable reason) {
        if (producer != null) {
            pending.add(producer.send(errorRecord(record, reason)));
        } else if (deadLetterQueue != null) {
            pending.add(deadLetterQueue.report(record, reason));
        } else if (skipError) {
            log.warn("Skipping record {}-{}@{} that cannot be written ({}={}): {}", record.topic(),
                    record.kafkaPartition(), record.kafkaOffset(), FailedRecordSpec.SKIP_ERROR, true, describe(reason));
        } else {
            throw new ConnectException(String.format(
                    "Record %s-%d@%d cannot be written and no error topic is configured (%s, or errors.tolerance=all"
                            + " with a dead-letter topic, or %s=true): %s",
                    record.topic(), record.kafkaPartition(), record.kafkaOffset(), FailedRecordSpec.ERROR_TOPIC,
                    FailedRecordSpec.SKIP_ERROR, describe(reason)), reason);
        }
    }

    /** Blocks until every routed record is durable in its topic; throws if one could not be delivered. */
    public void flush() {
        List<Future<?>> sent;
        synchronized (this) {
            sent = new ArrayList<>(pending);
            pending.clear();
        }
        if (sent.isEmpty()) {
            return;
        }
        if (producer != null) {
            producer.flush();
        }
        for (Future<?> future : sent) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while waiting for failed records to reach the error topic", e);
            } catch (ExecutionException e) {
                throw new ConnectException("A record that cannot be written could not be delivered to "
                        + (producer != null ? "error topic " + errorTopic : "the dead-letter topic")
                        + "; offsets are not committed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private ProducerRecord<byte[], byte[]> errorRecord(SinkRecord record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), RecordBytes.toBytes(record.topic(), header.schema(), header.value()));
        }
        addHeader(headers, "topic", record.originalTopic());
        addHeader(headers, "partition", String.valueOf(record.originalKafkaPartition()));
        addHeader(headers, "offset", String.valueOf(record.originalKafkaOffset()));
        if (connectorName != null) {
            addHeader(headers, "connector.name", connectorName);
        }
        addHeader(headers, "exception.class.name", reason.getClass().getName());
        addHeader(headers, "exception.message", String.valueOf(reason.getMessage()));
        addHeader(headers, "exception.stacktrace", stackTrace(reason));
        return new ProducerRecord<>(errorTopic, null, record.timestamp(),
                RecordBytes.toBytes(record.topic(), record.keySchema(), record.key()),
                RecordBytes.toBytes(record.topic(), record.valueSchema(), record.value()),
                headers);
    }

    private static void addHeader(RecordHeaders headers, String name, String value) {
        headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrantRecordReporter errantRecordReporter(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6 has no dead-letter reporting for sink tasks
        }
    }

    private static Producer<byte[], byte[]> errorTopicProducer(AbstractConfig config) {
        String bootstrap = config.getString(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ConfigException(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, null,
                    "is required when " + FailedRecordSpec.ERROR_TOPIC + " is set");
        }
        Map<String, Object> props = new HashMap<>(config.originalsWithPrefix(FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX));
        // Seed 001's example writes the servers as a URL; Kafka wants host:port.
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.replaceAll("(?i)\\b[a-z]+://", ""));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "error-topic-" + config.originals().getOrDefault("name", "sink"));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String describe(Throwable reason) {
        return reason.getClass().getSimpleName() + ": " + reason.getMessage();
    }

    private static String stackTrace(Throwable reason) {
        StringWriter out = new StringWriter();
        reason.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
