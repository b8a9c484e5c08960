package com.connectorservice.contracts.sink.maxcompute;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.FailedRecordSpec;
import com.connectorservice.contracts.sink.StsKeys;

/**
 * The MaxCompute sink's contract: every key as seed 001's {@code odps-sink-connector.json} names it, its values,
 * defaults and documentation ({@link #CONFIG_DEF}), and the rules between keys ({@link #crossFieldProblems}). The sink
 * parses its config through it; the control plane writes configs with its keys and checks each with it.
 */
public final class MaxComputeSinkSpec {

    /** The plugin class; seed 001's users post {@link #SEED_CONNECTOR_CLASS}, a subclass, unchanged. */
    public static final String CONNECTOR_CLASS = "com.connectorservice.sink.maxcompute.MaxComputeSinkConnector";
    public static final String SEED_CONNECTOR_CLASS = "com.aliyun.odps.kafka.connect.MaxComputeSinkConnector";

    /**
     * How a record becomes columns. DEBEZIUM_JSON: change data (seed 004) in Debezium's change-event envelope, JSON with
     * or without an embedded schema; the record key holds the primary key.
     */
    public enum Format { TEXT, BINARY, CSV, JSON, FLATTEN, DEBEZIUM_JSON }

    /** The compression of change data sent to the tunnel (seed 004's {@code compress.algorithm}). */
    public enum CompressAlgorithm { RAW, ZLIB, LZ4, SNAPPY }

    /** Which part of a record is written: its key, its value, or both (DEFAULT). */
    public enum Mode { KEY, VALUE, DEFAULT }

    /** ALIYUN: an AccessKey pair; STS: a RAM role assumed with that pair. */
    public enum AccountType { ALIYUN, STS }

    /**
     * The granularity of the {@code pt} partition and its value's format: seeds 000 and 001's, or the official 2.1.0
     * connector's {@code use_new_partition_format} (ISO order).
     */
    public enum PartitionWindow {
        DAY("MM-dd-yyyy", "yyyy-MM-dd", ChronoUnit.DAYS),
        HOUR("MM-dd-yyyy HH", "yyyy-MM-dd HH", ChronoUnit.HOURS),
        MINUTE("MM-dd-yyyy HH:mm", "yyyy-MM-dd HH:mm", ChronoUnit.MINUTES);

        private final DateTimeFormatter formatter;
        private final DateTimeFormatter newFormatter;
        private final ChronoUnit unit;

        PartitionWindow(String pattern, String newPattern, ChronoUnit unit) {
            this.formatter = DateTimeFormatter.ofPattern(pattern);
            this.newFormatter = DateTimeFormatter.ofPattern(newPattern);
            this.unit = unit;
        }

        /** Epoch milliseconds where the window holding {@code epochMillis} starts and where the next one starts. */
        public long[] bounds(long epochMillis, ZoneId zone) {
            ZonedDateTime start = Instant.ofEpochMilli(epochMillis).atZone(zone).truncatedTo(unit);
            return new long[] {start.toInstant().toEpochMilli(), start.plus(1, unit).toInstant().toEpochMilli()};
        }

        public String partitionValue(long epochMillis, ZoneId zone) {
            return partitionValue(epochMillis, zone, false);
        }

        public String partitionValue(long epochMillis, ZoneId zone, boolean newFormat) {
            return (newFormat ? newFormatter : formatter).format(Instant.ofEpochMilli(epochMillis).atZone(zone));
        }
    }

    /**
     * The time a record's pt is taken from. Seed 001 partitions by system time (SYSTEM); the default here is the
     * record's Kafka timestamp, so a record lands in the pt of when it was produced, whenever the sink writes it (after
     * a pause, a backlog or a replay), and the same record always lands in the same pt.
     */
    public enum PartitionTime {
        RECORD, SYSTEM
    }

    public static final String ENDPOINT = "endpoint";
    public static final String TUNNEL_ENDPOINT = "tunnel_endpoint";
    public static final String PROJECT = "project";
    public static final String SCHEMA = "schema";
    public static final String TABLE = "table";
    public static final String ACCOUNT_TYPE = "account_type";
    public static final AccountType ACCOUNT_TYPE_DEFAULT = AccountType.ALIYUN;
    public static final String ACCESS_ID = "access_id";
    public static final String ACCESS_KEY = "access_key";
    public static final String ACCOUNT_ID = "account_id";
    public static final String REGION_ID = "region_id";
    public static final String ROLE_NAME = "role_name";
    public static final String STS_ENDPOINT = "sts.endpoint";
    public static final String CLIENT_TIMEOUT_MS = "client_timeout_ms";
    public static final long CLIENT_TIMEOUT_MS_DEFAULT = 3_600_000L;
    public static final String FORMAT = "format";
    public static final Format FORMAT_DEFAULT = Format.TEXT;
    public static final String MODE = "mode";
    public static final Mode MODE_DEFAULT = Mode.DEFAULT;
    public static final String PARTITION_WINDOW_TYPE = "partition_window_type";
    public static final PartitionWindow PARTITION_WINDOW_DEFAULT = PartitionWindow.HOUR;
    /** Which clock picks a record's pt: its Kafka timestamp (RECORD) or the worker's clock when written (SYSTEM). */
    public static final String PARTITION_TIME = "partition_time";
    public static final PartitionTime PARTITION_TIME_DEFAULT = PartitionTime.RECORD;
    public static final String TIME_ZONE = "time_zone";
    public static final String TIME_ZONE_DEFAULT = "GMT+08:00";
    public static final String USE_NEW_PARTITION_FORMAT = "use_new_partition_format";
    public static final String USE_STREAMING = "use_streaming";
    public static final boolean USE_STREAMING_DEFAULT = false;
    public static final String BUFFER_SIZE_KB = "buffer_size_kb";
    public static final int BUFFER_SIZE_KB_DEFAULT = 65536;
    /** Default: one writer thread per CPU of the worker. */
    public static final String SINK_POOL_SIZE = "sink_pool_size";
    public static final String RECORD_BATCH_SIZE = "record_batch_size";
    public static final int RECORD_BATCH_SIZE_DEFAULT = 8000;
    public static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
    public static final String MAX_RETRIES = "max_retries";
    public static final String RETRY_BACKOFF_MS = "retry_backoff_ms";

    /** Change data (format DEBEZIUM_JSON, seed 004): the table name may hold these, replaced per change event. */
    public static final String TABLE_PLACEHOLDER = "{table}";
    public static final String SCHEMA_PLACEHOLDER = "{schema}";
    public static final String DATABASE_PLACEHOLDER = "{db}";

    /** Whether a table setting routes each change event by its source ({@code {table}}, {@code {schema}}, {@code {db}}). */
    public static boolean holdsPlaceholders(String table) {
        return table != null && (table.contains(TABLE_PLACEHOLDER) || table.contains(SCHEMA_PLACEHOLDER)
                || table.contains(DATABASE_PLACEHOLDER));
    }

    public static final String AUTO_CREATE_TABLE = "auto_create_table";
    public static final String BUCKETS_NUM = "buckets_num";
    public static final int BUCKETS_NUM_DEFAULT = 16;
    public static final String COMPRESS_ALGORITHM = "compress_algorithm";
    public static final CompressAlgorithm COMPRESS_ALGORITHM_DEFAULT = CompressAlgorithm.ZLIB;
    public static final String TOTAL_BUFFER_SIZE = "total_buffer_size";
    public static final String TOTAL_BUFFER_SIZE_DEFAULT = "64MB";
    public static final String BUCKET_BUFFER_SIZE = "bucket_buffer_size";
    public static final String BUCKET_BUFFER_SIZE_DEFAULT = "4MB";
    public static final String COMMIT_THREAD_NUM = "commit_thread_num";
    public static final int COMMIT_THREAD_NUM_DEFAULT = 16;
    public static final String FLUSH_CONCURRENT_NUM = "flush_concurrent_num";
    public static final int FLUSH_CONCURRENT_NUM_DEFAULT = 4;
    public static final String QUOTA_NAME = "quota_name";

    /** account_type=STS: the connector's AccessKey assumes this role (sink-common's AssumedRole does the work). */
    public static final StsKeys STS_KEYS = new StsKeys(ACCESS_ID, ACCESS_KEY, ACCOUNT_ID, REGION_ID, ROLE_NAME,
            STS_ENDPOINT, ACCOUNT_TYPE + " is " + AccountType.STS);

    private static final String MAXCOMPUTE = "MaxCompute";
    private static final String CREDENTIALS = "Credentials";
    private static final String LAYOUT = "Rows";
    private static final String WRITING = "Writing";
    private static final String CHANGE_DATA = "Change data";

    public static final ConfigDef CONFIG_DEF = FailedRecordSpec.define(new ConfigDef()
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
            .define(ACCOUNT_TYPE, Type.STRING, ACCOUNT_TYPE_DEFAULT.name(), Choice.of(AccountType.values(), false),
                    Importance.HIGH,
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
            .define(CLIENT_TIMEOUT_MS, Type.LONG, CLIENT_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "STS token validity and refresh interval in milliseconds (STS): AssumeRole asks for this validity (STS"
                            + " grants 900 s to 12 h) and the credentials are renewed after this interval or at 80% of"
                            + " their actual lifetime, whichever is first, at most once a second.",
                    CREDENTIALS, 8, Width.SHORT, "STS token validity")
            .define(FORMAT, Type.STRING, FORMAT_DEFAULT.name(), Choice.of(Format.values(), false), Importance.HIGH,
                    "TEXT: key/value as strings into STRING columns key/value. BINARY: as bytes into BINARY (or"
                            + " STRING) columns. CSV: the comma-separated key or value into the table's own columns"
                            + " by position. JSON: the JSON key or value into a STRING or JSON column. FLATTEN: the"
                            + " JSON object's fields into the columns of the same name (case-insensitive); nested"
                            + " objects and arrays go into JSON (or STRING) columns; a field without a column makes"
                            + " the record fail.",
                    LAYOUT, 1, Width.SHORT, "Format")
            .define(MODE, Type.STRING, MODE_DEFAULT.name(), Choice.of(Mode.values(), false), Importance.HIGH,
                    "KEY: write the message key. VALUE: write the message value. DEFAULT: write both (TEXT and"
                            + " BINARY only). CSV, JSON and FLATTEN need KEY or VALUE.",
                    LAYOUT, 2, Width.SHORT, "Mode")
            .define(PARTITION_WINDOW_TYPE, Type.STRING, PARTITION_WINDOW_DEFAULT.name(),
                    Choice.of(PartitionWindow.values(), false), Importance.MEDIUM,
                    "Granularity of the pt partition: DAY (MM-dd-yyyy), HOUR (MM-dd-yyyy HH) or MINUTE"
                            + " (MM-dd-yyyy HH:mm). pt is taken from the Kafka record timestamp in time_zone, so a"
                            + " record replayed after a crash lands in the same partition; a record without a"
                            + " timestamp uses the worker clock.",
                    LAYOUT, 3, Width.SHORT, "Partition window")
            .define(PARTITION_TIME, Type.STRING, PARTITION_TIME_DEFAULT.name(),
                    Choice.of(PartitionTime.values(), false), Importance.LOW,
                    "Which time picks a record's pt. RECORD (default): the Kafka record timestamp, so a record"
                            + " lands in the partition of when it was produced, also when written late or again."
                            + " SYSTEM: the worker's clock when the record is written, as seed 001 describes"
                            + " partition_window_type.",
                    LAYOUT, 3, Width.SHORT, "Partition time")
            .define(TIME_ZONE, Type.STRING, TIME_ZONE_DEFAULT, new TimeZoneValidator(), Importance.MEDIUM,
                    "Time zone of the pt partition values, e.g. GMT+08:00 or Asia/Shanghai.",
                    LAYOUT, 4, Width.SHORT, "Time zone")
            .define(USE_NEW_PARTITION_FORMAT, Type.BOOLEAN, false, Importance.LOW,
                    "The official 2.1.0 connector's pt format switch: true writes pt as yyyy-MM-dd, yyyy-MM-dd HH or"
                            + " yyyy-MM-dd HH:mm; false as MM-dd-yyyy, MM-dd-yyyy HH or MM-dd-yyyy HH:mm.",
                    LAYOUT, 5, Width.SHORT, "ISO pt format")
            .define(USE_STREAMING, Type.BOOLEAN, USE_STREAMING_DEFAULT, Importance.MEDIUM,
                    "true: streaming tunnel (rows visible once each pack is acknowledged). false: batch tunnel"
                            + " (one upload session per batch, visible at its commit).",
                    WRITING, 1, Width.SHORT, "Streaming tunnel")
            .define(BUFFER_SIZE_KB, Type.INT, BUFFER_SIZE_KB_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Upper bound, in KiB, of record bytes a task holds (buffered plus being written). When it is"
                            + " reached the task pauses consumption until writes drain. The tasks in one worker hold at"
                            + " most half of its heap together: with many tasks, each holds less.",
                    WRITING, 2, Width.SHORT, "Buffer size (KiB)")
            .define(SINK_POOL_SIZE, Type.INT, Runtime.getRuntime().availableProcessors(), ConfigDef.Range.between(1, 1024),
                    Importance.MEDIUM, "Threads per task writing batches in parallel, across partitions and within"
                            + " a busy partition. Default: the number of CPUs.",
                    WRITING, 3, Width.SHORT, "Writer threads")
            .define(RECORD_BATCH_SIZE, Type.INT, RECORD_BATCH_SIZE_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
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
                    "Retry back-off (ms)")
            .define(AUTO_CREATE_TABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Format DEBEZIUM_JSON: create a missing table from the change event's schema (a Delta table with"
                            + " the key's columns as primary key when the record has a key, an append table otherwise)."
                            + " false: a missing table fails the task naming it.",
                    CHANGE_DATA, 1, Width.SHORT, "Create tables")
            .define(BUCKETS_NUM, Type.INT, BUCKETS_NUM_DEFAULT, ConfigDef.Range.between(1, 4096), Importance.LOW,
                    "Buckets of the Delta tables this sink creates (write.bucket.num).", CHANGE_DATA, 2, Width.SHORT,
                    "Buckets")
            .define(COMPRESS_ALGORITHM, Type.STRING, COMPRESS_ALGORITHM_DEFAULT.name().toLowerCase(Locale.ROOT),
                    Choice.of(CompressAlgorithm.values(), true), Importance.LOW,
                    "Compression of change data on the wire: raw (none), zlib, lz4 or snappy.", CHANGE_DATA, 3,
                    Width.SHORT, "Compression")
            .define(TOTAL_BUFFER_SIZE, Type.STRING, TOTAL_BUFFER_SIZE_DEFAULT, new SizeValidator(), Importance.LOW,
                    "Change data buffered per table before it is written, e.g. 64MB (units B, KB, MB, GB).",
                    CHANGE_DATA, 4, Width.SHORT, "Table buffer")
            .define(BUCKET_BUFFER_SIZE, Type.STRING, BUCKET_BUFFER_SIZE_DEFAULT, new SizeValidator(), Importance.LOW,
                    "Delta tables: change data buffered per bucket before that bucket is sent, e.g. 4MB.",
                    CHANGE_DATA, 5, Width.SHORT, "Bucket buffer")
            .define(COMMIT_THREAD_NUM, Type.INT, COMMIT_THREAD_NUM_DEFAULT, ConfigDef.Range.between(1, 256),
                    Importance.LOW, "Tables written and committed at the same time when offsets are committed.",
                    CHANGE_DATA, 6, Width.SHORT, "Commit threads")
            .define(FLUSH_CONCURRENT_NUM, Type.INT, FLUSH_CONCURRENT_NUM_DEFAULT, ConfigDef.Range.between(1, 256),
                    Importance.LOW, "Delta tables: buckets sent at the same time.", CHANGE_DATA, 7, Width.SHORT,
                    "Flush concurrency")
            .define(QUOTA_NAME, Type.STRING, null, Importance.LOW,
                    "Exclusive tunnel resource group (quota) for change data; empty: the shared one.", CHANGE_DATA,
                    8, Width.MEDIUM, "Tunnel quota"));

    private MaxComputeSinkSpec() {
    }

    /**
     * The formats a mode can write: DEFAULT writes key and value side by side into two columns, so only the formats that
     * keep each whole (TEXT, BINARY); KEY and VALUE take every format.
     */
    public static List<Format> formatsAllowedWith(Mode mode) {
        // DEBEZIUM_JSON reads the key (primary key) and the value (change event) whatever the mode
        return mode == Mode.DEFAULT ? List.of(Format.TEXT, Format.BINARY, Format.DEBEZIUM_JSON)
                : List.of(Format.values());
    }

    /** A size such as {@code 64MB}, {@code 512KB} or {@code 1048576} (bytes), in bytes. */
    public static long parseSize(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"G", "1073741824"},
                {"M", "1048576"}, {"K", "1024"}, {"B", "1"}}) {
            if (text.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                text = text.substring(0, text.length() - suffix[0].length());
                break;
            }
        }
        long number = Long.parseLong(text);
        if (number <= 0) {
            throw new NumberFormatException("not positive");
        }
        return Math.multiplyExact(number, unit);
    }

    private static final class SizeValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                parseSize((String) value);
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, "must be a positive size such as 64MB, 512KB or 1048576");
            }
        }

        @Override
        public String toString() {
            return "a positive size such as 64MB, 512KB or 1048576 (bytes)";
        }
    }

    /** Every problem of a config: each key on its own, then the rules between keys. */
    public static List<ConfigProblem> problems(Map<String, String> props) {
        return ConfigProblem.of(CONFIG_DEF, props, MaxComputeSinkSpec::crossFieldProblems);
    }

    /**
     * Rules between keys, each reported on the key to change, e.g. "format: mode DEFAULT writes key and value and needs
     * format TEXT or BINARY, not CSV; use mode KEY or VALUE with CSV". Expects keys that pass {@link #CONFIG_DEF}.
     */
    public static List<ConfigProblem> crossFieldProblems(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        Format format = Choice.parseOrNull(Format.class, props.getOrDefault(FORMAT, FORMAT_DEFAULT.name()));
        Mode mode = Choice.parseOrNull(Mode.class, props.getOrDefault(MODE, MODE_DEFAULT.name()));
        if (format != null && mode != null && !formatsAllowedWith(mode).contains(format)) {
            problems.add(new ConfigProblem(FORMAT, MODE, "mode " + mode + " writes both key and value and needs format "
                    + join(formatsAllowedWith(mode)) + ", not " + format + "; use mode KEY or VALUE with " + format));
        }
        AccountType accountType = Choice.parseOrNull(AccountType.class,
                props.getOrDefault(ACCOUNT_TYPE, ACCOUNT_TYPE_DEFAULT.name()));
        if (accountType == AccountType.STS) {
            problems.addAll(STS_KEYS.missing(props));
        } else if (accountType == AccountType.ALIYUN) {
            for (String key : List.of(ACCESS_ID, ACCESS_KEY)) {
                String value = props.get(key);
                if (value == null || value.isBlank()) {
                    problems.add(new ConfigProblem(key, "required", "is required for account_type " + accountType));
                }
            }
        }
        String table = props.get(TABLE);
        if (format != Format.DEBEZIUM_JSON && holdsPlaceholders(table)) {
            problems.add(new ConfigProblem(TABLE, "placeholders", "may hold " + TABLE_PLACEHOLDER + ", " + SCHEMA_PLACEHOLDER
                    + " or " + DATABASE_PLACEHOLDER + " only with format " + Format.DEBEZIUM_JSON + ", not " + format));
        }
        problems.addAll(FailedRecordSpec.crossFieldProblems(props));
        return problems;
    }

    /** Also takes the console's spelling "GMT 08:00" (seed 000), where a '+' was lost to URL encoding. */
    public static ZoneId zone(String value) {
        return ZoneId.of(value.trim().replaceFirst("^(GMT|UTC) (\\d)", "$1+$2"));
    }

    private static String join(List<Format> formats) {
        return String.join(" or ", Arrays.stream(formats.toArray(Format[]::new)).map(Format::name).toList());
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
