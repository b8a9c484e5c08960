package com.connectorservice.sink.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the error topic gets for one record that cannot be written: the original key, value and headers, the
 * record's coordinates and sizes, and the reason, in Connect's {@code __connect.errors.*} headers (the names its
 * dead-letter queue uses). When the whole does not fit the topic, a smaller {@link Fit} keeps the report and says so.
 */
final class ErrorReport {

    static final String HEADER_PREFIX = "__connect.errors.";
    static final String TOPIC = HEADER_PREFIX + "topic";
    static final String PARTITION = HEADER_PREFIX + "partition";
    static final String OFFSET = HEADER_PREFIX + "offset";
    static final String CONNECTOR = HEADER_PREFIX + "connector.name";
    /** {@code complete}, {@code truncated} or {@code omitted}: how much of the key and value the report carries. */
    static final String PAYLOAD = HEADER_PREFIX + "payload";
    /** Why the payload is not complete. */
    static final String PAYLOAD_REASON = HEADER_PREFIX + "payload.reason";
    static final String KEY_SIZE = HEADER_PREFIX + "key.size";
    static final String VALUE_SIZE = HEADER_PREFIX + "value.size";

    /** How much of the record a report carries. */
    enum Fit {
        /** Key, value and headers as they were. */
        COMPLETE(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
        /** The first 16 KiB of the key and of the value, the first KiB of each header, a shortened reason. */
        TRUNCATED(16 * 1024, 1024, 4 * 1024, 8 * 1024),
        /** No key nor value; header names without their values; the reason's first KiB, no stack trace. */
        OMITTED(0, 0, 1024, 0);

        final int payloadBytes;
        final int headerBytes;
        final int messageChars;
        final int stackTraceChars;

        Fit(int payloadBytes, int headerBytes, int messageChars, int stackTraceChars) {
            this.payloadBytes = payloadBytes;
            this.headerBytes = headerBytes;
            this.messageChars = messageChars;
            this.stackTraceChars = stackTraceChars;
        }

        Fit smaller() {
            return this == COMPLETE ? TRUNCATED : OMITTED;
        }
    }

    final SinkRecord record;
    final Throwable reason;

    ErrorReport(SinkRecord record, Throwable reason) {
        this.record = record;
        this.reason = reason;
    }

    /** The record's place in its source topic, as consumed (before any transformation renamed it). */
    TopicPartition sourcePartition() {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    long sourceOffset() {
        return record.originalKafkaOffset();
    }

    /** Bytes of the original key and value. */
    long payloadBytes() {
        OriginalRecord original = OriginalRecord.of(record);
        return (original.key() == null ? 0 : original.key().length) + (original.value() == null ? 0 : original.value().length);
    }

    /**
     * @param whyNotWhole the refusal of a larger fit, said in the report; null for {@link Fit#COMPLETE}
     */
    ProducerRecord<byte[], byte[]> toProducerRecord(String errorTopic, String connectorName, Fit fit, Throwable whyNotWhole) {
        OriginalRecord original = OriginalRecord.of(record);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header.key(), fit.headerBytes == 0 ? null : cut(header.value(), fit.headerBytes));
        }
        add(headers, TOPIC, record.originalTopic());
        add(headers, PARTITION, String.valueOf(record.originalKafkaPartition()));
        add(headers, OFFSET, String.valueOf(record.originalKafkaOffset()));
        if (connectorName != null) {
            add(headers, CONNECTOR, connectorName);
        }
        add(headers, HEADER_PREFIX + "exception.class.name", reason.getClass().getName());
        add(headers, HEADER_PREFIX + "exception.message", cut(String.valueOf(reason.getMessage()), fit.messageChars));
        if (fit.stackTraceChars > 0) {
            add(headers, HEADER_PREFIX + "exception.stacktrace", cut(stackTrace(reason), fit.stackTraceChars));
        }
        if (original.key() != null) {
            add(headers, KEY_SIZE, String.valueOf(original.key().length));
        }
        if (original.value() != null) {
            add(headers, VALUE_SIZE, String.valueOf(original.value().length));
        }
        add(headers, PAYLOAD, fit.name().toLowerCase(java.util.Locale.ROOT));
        if (whyNotWhole != null) {
            add(headers, PAYLOAD_REASON, cut("the whole record does not fit error topic " + errorTopic + ": "
                    + whyNotWhole.getClass().getSimpleName() + ": " + whyNotWhole.getMessage(), 1024));
        }
        byte[] key = fit.payloadBytes == 0 ? null : cut(original.key(), fit.payloadBytes);
        byte[] value = fit.payloadBytes == 0 ? null : cut(original.value(), fit.payloadBytes);
        Long timestamp = record.timestamp() == null || record.timestamp() < 0 ? null : record.timestamp();
        return new ProducerRecord<>(errorTopic, null, timestamp, key, value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    private static String stackTrace(Throwable reason) {
        StringWriter out = new StringWriter();
        reason.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
