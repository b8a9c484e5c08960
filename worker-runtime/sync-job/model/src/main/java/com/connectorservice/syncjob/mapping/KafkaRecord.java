package com.connectorservice.syncjob.mapping;

import java.util.List;
import java.util.Map;

/** The parts of a Kafka record a sync job maps, without the client library's types. */
public record KafkaRecord(int partition, long offset, long timestamp, byte[] key, byte[] value,
        List<Map.Entry<String, byte[]>> headers) {
}
