package com.aliyun.odps.kafka.connect;

/**
 * The class name seed 001's {@code odps-sink-connector.json} posts as {@code connector.class}. A thin
 * subclass rather than a Connect alias: Connect resolves aliases only from simple class names, and users
 * migrating from the self-hosted connector paste the fully qualified name unchanged. It adds nothing.
 */
public class MaxComputeSinkConnector extends com.connectorservice.sink.maxcompute.MaxComputeSinkConnector {
}
