package com.connectorservice.contracts.sink;

/**
 * The headers of a record in an error or dead-letter topic: Connect's {@code __connect.errors.*} names (its
 * dead-letter queue writes them with {@code errors.deadletterqueue.context.headers.enable=true}, our sinks write them
 * to their error topic) and the ones we add. Written by the sinks, read by the control plane's error-topic browser.
 */
public final class ErrorHeaders {

    public static final String PREFIX = "__connect.errors.";
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";
    public static final String CONNECTOR = PREFIX + "connector.name";
    public static final String TASK = PREFIX + "task.id";
    /** Where it failed: Connect's stage names ({@code KEY_CONVERTER}, {@code VALUE_CONVERTER}, {@code TASK_PUT}, ...). */
    public static final String STAGE = PREFIX + "stage";
    public static final String EXCEPTION_CLASS = PREFIX + "exception.class.name";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    public static final String EXCEPTION_STACKTRACE = PREFIX + "exception.stacktrace";
    /** {@code complete}, {@code truncated} or {@code omitted}: how much of the key and value the report carries. */
    public static final String PAYLOAD = PREFIX + "payload";
    /** Why the payload is not complete. */
    public static final String PAYLOAD_REASON = PREFIX + "payload.reason";
    public static final String KEY_SIZE = PREFIX + "key.size";
    public static final String VALUE_SIZE = PREFIX + "value.size";

    /**
     * On a record the control plane re-produced to its source topic: the id of the replay action, so a record that
     * fails again shows which replay sent it and one action never sends a record twice.
     */
    public static final String REPLAY_ID = "connector-service.replay.id";

    /** The stage our sinks report: the record reached the task's {@code put} and the destination refused it. */
    public static final String STAGE_TASK_PUT = "TASK_PUT";

    private ErrorHeaders() {
    }
}
