package com.connectorservice.controlplane.kafka;

import java.util.regex.Pattern;

/** Kafka's rule for topic names, checked before a name reaches a broker (which answers a bad one with an error). */
public final class TopicNames {

    /** The rule in words, for error messages. */
    public static final String RULE = "1-249 of a-z A-Z 0-9 . _ -, not '.' or '..'";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private TopicNames() {
    }

    public static boolean isLegal(String topic) {
        return topic != null && LEGAL.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }
}
