package com.connectorservice.controlplane.provisioning;

import java.util.Arrays;

/** What the broker says about an existing topic. */
public record TopicState(String name, int partitions, String cleanupPolicy) {

    public boolean compacted() {
        return cleanupPolicy != null && Arrays.stream(cleanupPolicy.split(",")).map(String::trim).anyMatch("compact"::equals);
    }
}
