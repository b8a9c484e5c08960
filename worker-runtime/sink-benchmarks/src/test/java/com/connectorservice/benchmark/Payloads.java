package com.connectorservice.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's records, derived from their sequence number so that every row read back can be checked: record
 * {@code i} goes to partition {@code i % partitions} at offset {@code i / partitions} (one idempotent producer).
 * Values look like log lines (words from a small vocabulary), so compression sees realistic text, not one letter.
 */
final class Payloads {

    private static final List<String> WORDS = List.of("order", "user", "payment", "shipped", "cart", "region",
            "cn-hangzhou", "status", "ok", "retry", "latency", "ms", "item", "sku", "price", "total", "session",
            "checkout", "warehouse", "inventory", "alpha", "beta", "gamma", "delta", "kafka", "connect", "sink");

    private Payloads() {
    }

    /** A TEXT value of exactly {@code size} ASCII bytes for record {@code i}. */
    static String text(long i, int size) {
        StringBuilder value = new StringBuilder(size + 16).append("seq=").append(i).append(' ');
        long state = i * 0x9E3779B97F4A7C15L + 1;
        while (value.length() < size) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            value.append(WORDS.get((int) Math.floorMod(state, WORDS.size()))).append(state % 3 == 0 ? '=' : ' ');
            if (state % 5 == 0) {
                value.append(Math.floorMod(state, 100_000)).append(' ');
            }
        }
        value.setLength(size);
        return value.toString();
    }

    /** A JSON object for the wide column table: five fields, one nested. */
    static String json(long i) {
        return "{\"order_id\":" + i + ",\"user\":\"user-" + (i % 1000) + "\",\"amount\":" + (i % 997) * 1.5
                + ",\"paid\":" + (i % 2 == 0) + ",\"item\":{\"sku\":\"sku-" + (i % 50) + "\",\"qty\":" + (i % 7) + "}}";
    }

    /** Produces {@code count} records; returns the bytes of their values. */
    static long produce(String bootstrapServers, String topic, int partitions, int count, boolean json, int size)
            throws Exception {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Future<?> last = null;
            for (long i = 0; i < count; i++) {
                byte[] value = (json ? json(i) : text(i, size)).getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                byte[] key = json ? ("k" + i).getBytes(StandardCharsets.UTF_8) : null;
                last = producer.send(new ProducerRecord<>(topic, (int) (i % partitions), key, value));
            }
            producer.flush();
            last.get(2, TimeUnit.MINUTES);
        }
        return bytes;
    }
}
