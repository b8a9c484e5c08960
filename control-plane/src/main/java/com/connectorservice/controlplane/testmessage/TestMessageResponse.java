package com.connectorservice.controlplane.testmessage;

import java.time.Instant;

/** Where the broker stored the test message. */
public record TestMessageResponse(String topic, int partition, long offset, Instant timestamp) {
}
