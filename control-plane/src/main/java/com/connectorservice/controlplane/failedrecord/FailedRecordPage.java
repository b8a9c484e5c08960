package com.connectorservice.controlplane.failedrecord;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A page of a connector's failed records, newest first.
 *
 * @param topic   the error or dead-letter topic read
 * @param next    cursor of the next (older) page; null when there is none
 * @param scanned records of the topic read to fill this page (other connectors' included)
 */
public record FailedRecordPage(@Schema(requiredMode = REQUIRED) String topic, @Schema(requiredMode = REQUIRED) FailedRecordSource source,
        @Schema(requiredMode = REQUIRED) List<FailedRecordResponse> items, String next, @Schema(requiredMode = REQUIRED) long scanned) {
}
