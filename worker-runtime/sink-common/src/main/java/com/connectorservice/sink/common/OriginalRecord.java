package com.connectorservice.sink.common;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The key, value and headers a record had in its topic, byte for byte, whatever converter or transformation the
 * connector runs with. Kafka Connect hands sink tasks records that still carry the consumer record they came from
 * (what its own dead-letter queue writes); without it (a worker before Kafka 2.6, a record a task made itself) they
 * are converted back: exact for the byte-array converter, UTF-8 text for the string converter, JSON otherwise.
 */
record OriginalRecord(byte[] key, byte[] value, Headers headers) {

    static OriginalRecord of(SinkRecord record) {
        ConsumerRecord<byte[], byte[]> consumed = Worker.consumedRecordOf(record);
        if (consumed != null) {
            return new OriginalRecord(consumed.key(), consumed.value(), consumed.headers());
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), RecordBytes.toBytes(record.topic(), header.schema(), header.value()));
        }
        return new OriginalRecord(RecordBytes.toBytes(record.topic(), record.keySchema(), record.key()),
                RecordBytes.toBytes(record.topic(), record.valueSchema(), record.value()), headers);
    }

    /** Connect's runtime classes as the worker loads them (plugins see them through their parent class loader). */
    private static final class Worker {

        private static final boolean AVAILABLE = available();

        static ConsumerRecord<byte[], byte[]> consumedRecordOf(SinkRecord record) {
            return AVAILABLE ? Internal.consumedRecordOf(record) : null;
        }

        private static boolean available() {
            try {
                Class.forName("org.apache.kafka.connect.runtime.InternalSinkRecord", false, Worker.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /** Loaded only where the worker's runtime is present. */
    private static final class Internal {

        static ConsumerRecord<byte[], byte[]> consumedRecordOf(SinkRecord record) {
            return record instanceof InternalSinkRecord internal && internal.context() != null
                    ? internal.context().original() : null;
        }
    }
}
