package com.connectorservice.sink.maxcompute;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import com.connectorservice.sink.common.FailedRecordConfig;

/**
 * Every key of the sink, named as seed 001's {@code odps-sink-connector.json} names them, parsed once.
 * The checks that involve several keys live in {@link #crossFieldErrors(Map)} so that both
 * {@code Connector.validate} (REST validation) and task start report them against the key at fault.
 */
public final class MaxComputeSinkConfig extends AbstractConfig {

    public enum Format { TEXT, BINARY, CSV, JSON, FLATTEN }

    public enum Mode { KEY, VALUE, DEFAULT }

    public enum AccountType { ALIYUN, STS }

    public static final String ENDPOINT = "endpoint";
    public static final String TUNNEL_ENDPOINT = "tunnel_endpoint";
    public static final String PROJECT = "project";
    public static final String SCHEMA = "schema";
    public static final String TABLE = "table";
    public static final String ACCOUNT_TYPE = "account_type";
    public static final String ACCESS_ID = "access_id";
    public static final String ACCESS_KEY = "access_key";
    public static final String ACCOUNT_ID = "account_id";
    public static final String REGION_ID = "region_id";
    public static final String ROLE_NAME = "role_name";
    public static final String STS_ENDPOINT = "sts.endpoint";
    public static final String CLIENT_TIMEOUT_MS = "client_timeout_ms";
    public static final String FORMAT = "format";
    public static final String MODE = "mode";
    public static final String PARTITION_WINDOW_TYPE = "partition_window_type";
    public static final String TIME_ZONE = "time_zone";
    public static final String USE_NEW_PARTITION_FORMAT = "use_new_partition_format";
    public static final String USE_STREAMING = "use_streaming";
    public static final String BUFFER_SIZE_KB = "buffer_size_kb";
    public static final String SINK_POOL_SIZE = "sink_pool_size";
    public static final String RECORD_BATCH_SIZE = "record_batch_size";
    public static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
    public static final String MAX_RETRIES = "max_retries";
    public static final String RETRY_BACKOFF_MS = "retry_backoff_ms";

    private static final String MAXCOMPUTE = "MaxCompute";
    private static final String CREDENTIALS = "Credentials";
    private static final String LAYOUT = "Rows";
    private static final String WRITING = "Writing";

    public static final ConfigDef CONFIG_DEF = FailedRecordConfig.define(new ConfigDef()
            .define(ENDPOINT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "MaxCompute service endpoint, e.g. http://service.cn-shanghai.maxcompute.aliyun.com/api.",
                    MAXCOMPUTE, 1, Width.LONG, "Endpoint")
            .define(TUNNEL_ENDPOINT, Type.STRING, null, Importance.MEDIUM,
                    "Tunnel endpoint. When empty the tunnel endpoint is routed from the project, as MaxCompute does.",
                    MAXCOMPUTE, 2, Width.LONG, "Tunnel endpoint")
            .define(PROJECT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "MaxCompute project holding the table.", MAXCOMPUTE, 3, Width.MEDIUM, "Project")
            .define(SCHEMA, Type.STRING, null, Importance.LOW,
                    "Schema of the table when the project uses the three-level model (project.schema.table);"
                            + " leave empty otherwise.", MAXCOMPUTE, 4, Width.SHORT, "Schema")
            .define(TABLE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Target table. It must exist, be partitioned by a STRING column pt and hold the columns the"
                            + " format and mode need; this is checked when each task starts.",
                    MAXCOMPUTE, 5, Width.MEDIUM, "Table")
            .define(ACCOUNT_TYPE, Type.STRING, AccountType.ALIYUN.name(), enumValidator(AccountType.values()), Importance.HIGH,
                    "ALIYUN: an AccessKey pair (access_id, access_key). STS: a role assumed through STS"
                            + " (account_id, region_id, role_name, sts.endpoint) with access_id/access_key as the caller.",
                    CREDENTIALS, 1, Width.SHORT, "Account type")
            .define(ACCESS_ID, Type.STRING, null, Importance.HIGH, "AccessKey ID.", CREDENTIALS, 2, Width.MEDIUM, "AccessKey ID")
            .define(ACCESS_KEY, Type.PASSWORD, null, Importance.HIGH,
                    "AccessKey secret. Never logged; prefer a ConfigProvider reference such as ${file:/path:key}.",
                    CREDENTIALS, 3, Width.MEDIUM, "AccessKey secret")
            .define(ACCOUNT_ID, Type.STRING, null, Importance.MEDIUM, "Account ID owning the role (STS).",
                    CREDENTIALS, 4, Width.MEDIUM, "Account ID")
            .define(REGION_ID, Type.STRING, null, Importance.MEDIUM, "Region ID, e.g. cn-hangzhou (STS).",
                    CREDENTIALS, 5, Width.SHORT, "Region ID")
            .define(ROLE_NAME, Type.STRING, null, Importance.MEDIUM, "RAM role to assume (STS).",
                    CREDENTIALS, 6, Width.MEDIUM, "Role name")
            .define(STS_ENDPOINT, Type.STRING, null, Importance.MEDIUM, "STS service endpoint (STS).",
                    CREDENTIALS, 7, Width.LONG, "STS endpoint")
            .define(CLIENT_TIMEOUT_MS, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "STS token validity and refresh interval in milliseconds (STS): AssumeRole asks for this validity (STS"
                            + " grants 900 s to 12 h) and the credentials are renewed after this interval or at 80% of"
                            + " their actual lifetime, whichever is first, at most once a second.",
                    CREDENTIALS, 8, Width.SHORT, "STS token validity")
            .define(FORMAT, Type.STRING, Format.TEXT.name(), enumValidator(Format.values()), Importance.HIGH,
                    "TEXT: key/value as strings into STRING columns key/value. BINARY: as bytes into BINARY (or"
                            + " STRING) columns. CSV: the comma-separated key or value into the table's own columns"
                            + " by position. JSON: the JSON key or value into a STRING or JSON column. FLATTEN: the"
                            + " JSON object's fields into the columns of the same name (case-insensitive); nested"
                            + " objects and arrays go into JSON (or STRING) columns; a field without a column makes"
                            + " the record fail.",
                    LAYOUT, 1, Width.SHORT, "Format")
            .define(MODE, Type.STRING, Mode.DEFAULT.name(), enumValidator(Mode.values()), Importance.HIGH,
                    "KEY: write the message key. VALUE: write the message value. DEFAULT: write both (TEXT and"
                            + " BINARY only). CSV, JSON and FLATTEN need KEY or VALUE.",
                    LAYOUT, 2, Width.SHORT, "Mode")
            .define(PARTITION_WINDOW_TYPE, Type.STRING, PartitionWindow.HOUR.name(), enumValidator(PartitionWindow.values()),
                    Importance.MEDIUM,
                    "Granularity of the pt partition: DAY (MM-dd-yyyy), HOUR (MM-dd-yyyy HH) or MINUTE"
                            + " (MM-dd-yyyy HH:mm). pt is taken from the Kafka record timestamp in time_zone, so a"
                            + " record replayed after a crash lands in the same partition; a record without a"
                            + " timestamp uses the worker clock.",
                    LAYOUT, 3, Width.SHORT, "Partition window")
            .define(TIME_ZONE, Type.STRING, "GMT+08:00", new TimeZoneValidator(), Importance.MEDIUM,
                    "Time zone of the pt partition values, e.g. GMT+08:00 or Asia/Shanghai.",
                    LAYOUT, 4, Width.SHORT, "Time zone")
            .define(USE_NEW_PARTITION_FORMAT, Type.BOOLEAN, false, Importance.LOW,
                    "The official 2.1.0 connector's pt format switch: true writes pt as yyyy-MM-dd, yyyy-MM-dd HH or"
                            + " yyyy-MM-dd HH:mm; false as MM-dd-yyyy, MM-dd-yyyy HH or MM-dd-yyyy HH:mm.",
                    LAYOUT, 5, Width.SHORT, "ISO pt format")
            .define(USE_STREAMING, Type.BOOLEAN, false, Importance.MEDIUM,
                    "true: streaming tunnel (rows visible once each pack is acknowledged). false: batch tunnel"
                            + " (one upload session per batch, visible at its commit).",
                    WRITING, 1, Width.SHORT, "Streaming tunnel")
            .define(BUFFER_SIZE_KB, Type.INT, 65536, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Upper bound, in KiB, of record bytes a task holds (buffered plus being written). When it is"
                            + " reached the task pauses consumption until writes drain.",
                    WRITING, 2, Width.SHORT, "Buffer size (KiB)")
            .define(SINK_POOL_SIZE, Type.INT, Runtime.getRuntime().availableProcessors(), ConfigDef.Range.between(1, 1024),
                    Importance.MEDIUM, "Threads per task writing batches in parallel, across partitions and within"
                            + " a busy partition. Default: the number of CPUs.",
                    WRITING, 3, Width.SHORT, "Writer threads")
            .define(RECORD_BATCH_SIZE, Type.INT, 8000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Records per batch of one Kafka partition, the unit that becomes visible at once (a crash"
                            + " writes again at most about two batches per partition). Rows leave as blocks of about"
                            + " 4 MiB while the batch fills; a partition with nothing in flight sends what it has at once.",
                    WRITING, 4, Width.SHORT, "Batch size")
            .define(REQUEST_TIMEOUT_MS, Type.INT, 60_000, ConfigDef.Range.between(1000, 240_000), Importance.LOW,
                    "Connect and read timeout of every MaxCompute request. Kept below the consumer's"
                            + " max.poll.interval.ms (default 300000).", WRITING, 5, Width.SHORT, "Request timeout (ms)")
            .define(MAX_RETRIES, Type.INT, 5, ConfigDef.Range.between(0, 100), Importance.LOW,
                    "Retries of a MaxCompute call refused for a reason other than unavailability before the task fails"
                            + " with the reason; nothing is committed for the failed batch, so it is written again after a"
                            + " restart. While MaxCompute is unreachable, answers 5xx or throttles, the task keeps retrying"
                            + " and reports it in its destination metrics.",
                    WRITING, 6, Width.SHORT, "Retries")
            .define(RETRY_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.between(1, 60_000), Importance.LOW,
                    "First back-off between retries; doubled each attempt up to 5 s, with jitter.", WRITING, 7, Width.SHORT,
                    "Retry back-off (ms)"));

    public final Format format;
    public final Mode mode;
    public final PartitionWindow partitionWindow;
    public final ZoneId timeZone;
    public final AccountType accountType;

    public MaxComputeSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        List<ConfigValue> errors = crossFieldErrors(props);
        if (!errors.isEmpty()) {
            ConfigValue first = errors.get(0);
            throw new ConfigException(first.name(), first.value(), String.join("; ", first.errorMessages()));
        }
        format = Format.valueOf(upper(getString(FORMAT)));
        mode = Mode.valueOf(upper(getString(MODE)));
        partitionWindow = PartitionWindow.valueOf(upper(getString(PARTITION_WINDOW_TYPE)));
        timeZone = zone(getString(TIME_ZONE));
        accountType = AccountType.valueOf(upper(getString(ACCOUNT_TYPE)));
    }

    public String endpoint() { return getString(ENDPOINT); }
    public String tunnelEndpoint() { return blankToNull(getString(TUNNEL_ENDPOINT)); }
    public String project() { return getString(PROJECT); }
    public String schema() { return blankToNull(getString(SCHEMA)); }
    public String table() { return getString(TABLE); }
    public String accessId() { return getString(ACCESS_ID); }
    public String accountId() { return getString(ACCOUNT_ID); }
    public String regionId() { return getString(REGION_ID); }
    public String roleName() { return getString(ROLE_NAME); }
    public String stsEndpoint() { return getString(STS_ENDPOINT); }
    public java.time.Duration clientTimeout() { return java.time.Duration.ofMillis(getLong(CLIENT_TIMEOUT_MS)); }

    /** The MaxCompute user the assumed role acts as (account_type=STS), as seed 000's {@code add user} names it. */
    public String roleUser() {
        return "RAM$" + accountId() + ":role/" + roleName().toLowerCase(java.util.Locale.ROOT);
    }
    public Password accessKey() { return getPassword(ACCESS_KEY); }
    public boolean useStreaming() { return getBoolean(USE_STREAMING); }
    public long bufferBytes() { return getInt(BUFFER_SIZE_KB) * 1024L; }
    public int sinkPoolSize() { return getInt(SINK_POOL_SIZE); }
    public int recordBatchSize() { return getInt(RECORD_BATCH_SIZE); }
    public int requestTimeoutMs() { return getInt(REQUEST_TIMEOUT_MS); }
    public int maxRetries() { return getInt(MAX_RETRIES); }
    public long retryBackoffMs() { return getLong(RETRY_BACKOFF_MS); }

    /**
     * pt follows the record's timestamp rather than the clock, so a record replayed after a crash or a
     * rebalance lands in the same partition as the first time; a record without a timestamp takes the clock.
     */
    public String partitionValue(Long recordTimestamp, long nowMillis) {
        long millis = recordTimestamp == null || recordTimestamp < 0 ? nowMillis : recordTimestamp;
        return partitionWindow.partitionValue(millis, timeZone, getBoolean(USE_NEW_PARTITION_FORMAT));
    }

    public String qualifiedTable() {
        return project() + "." + (schema() == null ? "" : schema() + ".") + table();
    }

    /**
     * Rules between keys. Each error names the key at fault and the rule, e.g.
     * "mode: DEFAULT mode writes key and value and needs format TEXT or BINARY, not CSV".
     */
    static List<ConfigValue> crossFieldErrors(Map<String, String> props) {
        List<ConfigValue> errors = new ArrayList<>();
        String format = upper(props.getOrDefault(FORMAT, Format.TEXT.name()));
        String mode = upper(props.getOrDefault(MODE, Mode.DEFAULT.name()));
        if (Mode.DEFAULT.name().equals(mode) && !format.equals(Format.TEXT.name()) && !format.equals(Format.BINARY.name())) {
            errors.add(error(MODE, props.get(MODE), "DEFAULT mode writes both key and value and needs format TEXT or"
                    + " BINARY, not " + format + "; use mode KEY or VALUE with " + format));
        }
        String accountType = upper(props.getOrDefault(ACCOUNT_TYPE, AccountType.ALIYUN.name()));
        requireNonBlank(props, ACCESS_ID, "is required for account_type " + accountType, errors);
        requireNonBlank(props, ACCESS_KEY, "is required for account_type " + accountType, errors);
        if (AccountType.STS.name().equals(accountType)) {
            for (String key : List.of(ACCOUNT_ID, REGION_ID, ROLE_NAME, STS_ENDPOINT)) {
                requireNonBlank(props, key, "is required when account_type is STS", errors);
            }
        }
        String errorTopic = props.get(FailedRecordConfig.ERROR_TOPIC);
        if (errorTopic != null && !errorTopic.isBlank()) {
            requireNonBlank(props, FailedRecordConfig.ERROR_TOPIC_BOOTSTRAP,
                    "is required when " + FailedRecordConfig.ERROR_TOPIC + " is set", errors);
        }
        return errors;
    }

    private static void requireNonBlank(Map<String, String> props, String key, String rule, List<ConfigValue> errors) {
        String value = props.get(key);
        if (value == null || value.isBlank()) {
            errors.add(error(key, value, rule));
        }
    }

    private static ConfigValue error(String key, String value, String message) {
        ConfigValue configValue = new ConfigValue(key);
        configValue.value(ACCESS_KEY.equals(key) ? null : value);
        configValue.addErrorMessage(key + ": " + message);
        return configValue;
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    /** Also takes the console's spelling "GMT 08:00" (seed 000), where a '+' was lost to URL encoding. */
    static ZoneId zone(String value) {
        return ZoneId.of(value.trim().replaceFirst("^(GMT|UTC) (\\d)", "$1+$2"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ConfigDef.Validator enumValidator(Enum<?>[] values) {
        String[] names = Arrays.stream(values).map(Enum::name).toArray(String[]::new);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || Arrays.stream(names).noneMatch(n -> n.equalsIgnoreCase(((String) value).trim()))) {
                    throw new ConfigException(name, value, "must be one of " + String.join(", ", names));
                }
            }

            @Override
            public String toString() {
                return String.join(", ", names);
            }
        };
    }

    private static final class TimeZoneValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                zone((String) value);
            } catch (DateTimeException | NullPointerException e) {
                throw new ConfigException(name, value, "must be a time zone ID such as GMT+08:00 or Asia/Shanghai");
            }
        }

        @Override
        public String toString() {
            return "a time zone ID such as GMT+08:00 or Asia/Shanghai";
        }
    }
}
