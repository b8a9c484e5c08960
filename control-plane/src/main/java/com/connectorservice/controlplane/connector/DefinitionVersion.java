package com.connectorservice.controlplane.connector;

import java.util.Arrays;

import org.springframework.http.HttpStatus;

import com.connectorservice.controlplane.api.ApiException;

/**
 * Optimistic concurrency on a connector's definition (RFC 9110 {@code ETag} and {@code If-Match}). The entity tag is
 * the stored definition's version: every saved change bumps it, status reports do not, so an editor who read version 3
 * cannot overwrite version 4 without seeing it. A PUT without {@code If-Match} is accepted as before (scripts and
 * seed-001 style clients replace definitions wholesale); one with a stale tag is refused with 412.
 */
final class DefinitionVersion {

    private DefinitionVersion() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Refuses (412) unless {@code ifMatch} is absent, {@code *}, or lists the current version's strong tag (a weak
     * tag never matches, as RFC 9110 requires for If-Match).
     */
    static void requireMatch(String ifMatch, ConnectorEntity current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String currentTag = etag(current.getVersion());
        boolean matches = Arrays.stream(ifMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(currentTag));
        if (!matches) {
            throw ApiException.of(HttpStatus.PRECONDITION_FAILED, "If-Match", "connector.changedSinceRead",
                    "connector '" + current.getName() + "' was changed by someone else since you read it (you edited "
                            + ifMatch.trim() + ", it is now " + currentTag + ", saved at " + current.getUpdatedAt()
                            + "): reload it, apply your changes again and save");
        }
    }
}
