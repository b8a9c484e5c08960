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

import com.connectorservice.contracts.sink.ErrorHeaders;

/**
 * What the error topic gets for one record that cannot be written: the original key, value and headers, the
 * record's coordinates and sizes, and the reason, in Connect's {@code __connect.errors.*} headers (the names its
 * dead-letter queue uses). When the whole does not fit the topic, a smaller {@link Fit} keeps the report and says so.
 */
final class ErrorReport {

    static final String HEADER_PREFIX = ErrorHeaders.PREFIX;
    static final String TOPIC = ErrorHeaders.TOPIC;
    static final String PARTITION = ErrorHeaders.PARTITION;
    static final String OFFSET = ErrorHeaders.OFFSET;
    static final String CONNECTOR = ErrorHeaders.CONNECTOR;
    static final String PAYLOAD = ErrorHeaders.PAYLOAD;
    static final String PAYLOAD_REASON = ErrorHeaders.PAYLOAD_REASON;
    static final String KEY_SIZE = ErrorHeaders.KEY_SIZE;
    static final String VALUE_SIZE = ErrorHeaders.VALUE_SIZE;

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
        add(headers, ErrorHeaders.STAGE, ErrorHeaders.STAGE_TASK_PUT);
        add(headers, ErrorHeaders.EXCEPTION_CLASS, reason.getClass().getName());
        add(headers, ErrorHeaders.EXCEPTION_MESSAGE, cut(String.valueOf(reason.getMessage()), fit.messageChars));
        if (fit.stackTraceChars > 0) {
            add(headers, ErrorHeaders.EXCEPTION_STACKTRACE, cut(stackTrace(reason), fit.stackTraceChars));
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
