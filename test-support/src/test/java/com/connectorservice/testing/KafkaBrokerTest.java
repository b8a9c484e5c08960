package com.connectorservice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void producesAndConsumesOnARealBroker() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("greetings", 3);
            try (var producer = broker.producer()) {
                producer.send(new ProducerRecord<>("greetings", 1, null, "hello".getBytes(StandardCharsets.UTF_8))).get();
            }
            var records = broker.readAll("greetings", 1, Duration.ofSeconds(30));
            assertEquals(1, records.size());
            assertEquals(1, records.get(0).partition());
            assertEquals("hello", new String(records.get(0).value(), StandardCharsets.UTF_8));
        }
    }
}
