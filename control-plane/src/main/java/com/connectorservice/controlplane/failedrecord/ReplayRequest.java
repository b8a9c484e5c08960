package com.connectorservice.controlplane.failedrecord;

import java.util.List;

/**
 * Failed records to send back to their source topic.
 *
 * @param source   which topic they are in; the error topic when absent
 * @param records  partition and offset of each, in that topic, as the browser lists them
 * @param replayId the action's id, so a retried request sends nothing twice; a new one when absent
 */
public record ReplayRequest(FailedRecordSource source, List<FailedRecordRef> records, String replayId) {

    public record FailedRecordRef(Integer partition, Long offset) {
    }
}
