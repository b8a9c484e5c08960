package com.connectorservice.controlplane.failedrecord;

import com.connectorservice.controlplane.connector.SourceSettings;

/** Which topic of failed records: our sinks' error topic, or Connect's dead-letter queue. */
public enum FailedRecordSource {
    /** Records the destination refused, reported by our sinks with their original bytes. */
    ERROR_TOPIC,
    /** Records Connect could not convert or transform (errors.tolerance=all). */
    DEAD_LETTER_TOPIC;

    String topic(SourceSettings source) {
        return this == ERROR_TOPIC ? source.errorTopic() : source.deadLetterTopic();
    }
}
