package com.connectorservice.controlplane.testmessage;

/** A message to send to a connector's source topic; without {@code partition} the producer's partitioner picks one. */
public record TestMessageRequest(String key, String value, Integer partition) {
}
