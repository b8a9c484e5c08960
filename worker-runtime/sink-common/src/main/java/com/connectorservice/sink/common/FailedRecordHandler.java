package com.connectorservice.sink.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.contracts.sink.FailedRecordSpec;

/**
 * Routes a record that can never be written so that it is not lost without a trace, and reports it once.
 *
 * <p>In order of preference: the runtime error topic ({@link FailedRecordSpec#ERROR_TOPIC}) with the
 * original bytes and headers saying why ({@link ErrorReport}); Connect's dead-letter queue when the connector runs
 * with {@code errors.tolerance=all}; a warning naming the record when {@code skip_error=true}; otherwise the task
 * fails with the reason.
 *
 * <p>A record too large for the error topic is still reported, with its payload truncated or left out (said in
 * its headers), and the connector moves on. A record already reported is not reported again when Connect replays
 * it ({@link ReportedOffsets}). The sink calls {@link #flush()} before it hands Connect offsets to commit (so a
 * record is never both skipped by the sink and missing from its error topic), {@link #committing} with those
 * offsets, and {@link #close(Collection)} for partitions taken away.
 */
public final class FailedRecordHandler implements AutoCloseable {

    public static final String HEADER_PREFIX = ErrorReport.HEADER_PREFIX;

    private static final Logger log = LoggerFactory.getLogger(FailedRecordHandler.class);

    private final String errorTopic;
    private final Producer<byte[], byte[]> producer;
    private final ErrantRecordReporter deadLetterQueue;
    private final boolean skipError;
    private final String connectorName;
    private final ReportedOffsets reported;
    /** The error-topic producer's max.request.size: a larger record cannot go whole. */
    private final int maxRequestBytes;
    private final List<Sent> pending = new ArrayList<>();
    /** Records delivered to the error topic since the task started (the {@code error-topic-records} metric). */
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    /** A delivery failure that replaying cannot cure (authorization, a missing topic): the task fails with it. */
    private ConnectException unrecoverable;

    private record Sent(ErrorReport report, ErrorReport.Fit fit, Future<?> delivery) {
    }

    public FailedRecordHandler(AbstractConfig config, SinkTaskContext context) {
        this.errorTopic = config.getString(FailedRecordSpec.ERROR_TOPIC);
        this.skipError = config.getBoolean(FailedRecordSpec.SKIP_ERROR);
        this.connectorName = (String) config.originals().get("name");
        this.deadLetterQueue = "all".equalsIgnoreCase(String.valueOf(config.originals().get("errors.tolerance")))
                ? errantRecordReporter(context) : null;
        Map<String, Object> producerSettings = errorTopic == null ? Map.of() : producerSettings(config);
        this.producer = errorTopic == null ? null : new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                new ByteArraySerializer());
        this.maxRequestBytes = Integer.parseInt(String.valueOf(producerSettings.getOrDefault(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024)));
        this.reported = new ReportedOffsets(errorTopic, connectorName,
                errorTopic == null ? null : () -> new KafkaConsumer<>(consumerSettings(config), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                context::assignment);
        if (errorTopic != null) {
            DestinationMetrics.registerErrorTopicRecords(context, delivered::get);
        }
    }

    public synchronized void handle(SinkRecord record, Throwable reason) {
        if (unrecoverable != null) {
            throw unrecoverable;
        }
        ErrorReport report = new ErrorReport(record, reason);
        if (producer == null && deadLetterQueue == null) {
            skipOrFail(record, reason);
            return;
        }
        if (!reported.add(report.sourcePartition(), report.sourceOffset())) {
            log.debug("Record {}@{} is in the error topic already; not reporting it again", report.sourcePartition(),
                    report.sourceOffset());
            return;
        }
        try {
            if (producer == null) {
                pending.add(new Sent(report, ErrorReport.Fit.COMPLETE, deadLetterQueue.report(record, reason)));
            } else if (report.payloadBytes() > maxRequestBytes) {
                // the producer would refuse it whole: no need to build and serialize it to learn that
                pending.add(send(report, ErrorReport.Fit.TRUNCATED, new RecordTooLargeException("the key and value are "
                        + report.payloadBytes() + " bytes, more than " + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " ("
                        + maxRequestBytes + ")")));
            } else {
                pending.add(send(report, ErrorReport.Fit.COMPLETE, null));
            }
        } catch (RuntimeException e) {
            reported.remove(report.sourcePartition(), report.sourceOffset());
            throw e;
        }
    }

    /**
     * Blocks until every routed record is durable in its topic, the payload shortened for those that do not fit;
     * throws if one could not be delivered (its offset must not be committed; a replay sends it again).
     */
    public void flush() {
        List<Sent> sent;
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
        ConnectException failure = null;
        for (Sent delivery : sent) {
            try {
                awaitFitted(delivery);
            } catch (ConnectException e) {
                synchronized (this) {
                    reported.remove(delivery.report().sourcePartition(), delivery.report().sourceOffset());
                }
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The offsets the sink is about to commit: records below them are never replayed, so they are forgotten. */
    public synchronized void committing(Map<TopicPartition, OffsetAndMetadata> offsets) {
        reported.committing(offsets);
    }

    /** Partitions taken from the task: another task may report their records, so this one learns them again. */
    public synchronized void close(Collection<TopicPartition> partitions) {
        reported.forget(partitions);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private Sent send(ErrorReport report, ErrorReport.Fit fit, Throwable whyNotWhole) {
        return new Sent(report, fit, producer.send(report.toProducerRecord(errorTopic, connectorName, fit, whyNotWhole)));
    }

    /** Waits for a delivery; a report too large for the topic goes again, smaller, until it fits. */
    private void awaitFitted(Sent delivery) {
        while (true) {
            try {
                delivery.delivery().get();
                if (delivery.fit() != ErrorReport.Fit.COMPLETE) {
                    log.warn("Record {}@{} was too large for error topic {}: reported with its payload {}",
                            delivery.report().sourcePartition(), delivery.report().sourceOffset(), errorTopic,
                            delivery.fit().name().toLowerCase(java.util.Locale.ROOT));
                }
                if (producer != null) {
                    delivered.incrementAndGet();
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while waiting for failed records to reach the error topic", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (producer != null && cause instanceof RecordTooLargeException && delivery.fit() != ErrorReport.Fit.OMITTED) {
                    delivery = send(delivery.report(), delivery.fit().smaller(), cause);
                    continue;
                }
                ConnectException failure = new ConnectException("A record that cannot be written could not be delivered to "
                        + (producer != null ? "error topic " + errorTopic : "the dead-letter topic")
                        + "; offsets are not committed", cause);
                if (!(cause instanceof RetriableException)) {
                    synchronized (this) {
                        unrecoverable = failure;
                    }
                }
                throw failure;
            }
        }
    }

    private void skipOrFail(SinkRecord record, Throwable reason) {
        if (skipError) {
            log.warn("Skipping record {}-{}@{} that cannot be written ({}={}): {}", record.topic(),
                    record.kafkaPartition(), record.kafkaOffset(), FailedRecordSpec.SKIP_ERROR, true, describe(reason));
            return;
        }
        throw new ConnectException(String.format(
                "Record %s-%d@%d cannot be written and no error topic is configured (%s, or errors.tolerance=all"
                        + " with a dead-letter topic, or %s=true): %s",
                record.topic(), record.kafkaPartition(), record.kafkaOffset(), FailedRecordSpec.ERROR_TOPIC,
                FailedRecordSpec.SKIP_ERROR, describe(reason)), reason);
    }

    private static ErrantRecordReporter errantRecordReporter(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6 has no dead-letter reporting for sink tasks
        }
    }

    /** The error topic's cluster: its bootstrap servers and the client settings given with the producer prefix. */
    private static Map<String, Object> clientSettings(AbstractConfig config) {
        String bootstrap = config.getString(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ConfigException(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, null,
                    "is required when " + FailedRecordSpec.ERROR_TOPIC + " is set");
        }
        Map<String, Object> props = new HashMap<>(config.originalsWithPrefix(FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX));
        // Seed 001's example writes the servers as a URL; Kafka wants host:port.
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.replaceAll("(?i)\\b[a-z]+://", ""));
        return props;
    }

    private static Map<String, Object> producerSettings(AbstractConfig config) {
        Map<String, Object> props = clientSettings(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "error-topic-" + config.originals().getOrDefault("name", "sink"));
        return props;
    }

    /** The same cluster and security settings, for reading the error topic back. */
    private static Map<String, Object> consumerSettings(AbstractConfig config) {
        Map<String, Object> props = clientSettings(config);
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "error-topic-reader-" + config.originals().getOrDefault("name", "sink"));
        return props;
    }

    private static String describe(Throwable reason) {
        return reason.getClass().getSimpleName() + ": " + reason.getMessage();
    }
}
