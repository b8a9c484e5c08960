package com.connectorservice.contracts.sink.tablestore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The Tablestore sink's contract: every key, its values, defaults and documentation ({@link #CONFIG_DEF}) and the rules
 * between keys ({@link #crossFieldProblems}). Key names follow Aliyun's open-source "tablestore-kafka-connector" wherever
 * it has one for the same setting, so its users' JSON works; the managed product's wizard-only settings (message formats,
 * JSON field conversion) got new names. The sink parses its config through it; the control plane writes configs with its
 * keys and checks each with it.
 */
public final class TablestoreSinkSpec {

    public static final String CONNECTOR_CLASS = "com.connectorservice.sink.tablestore.TablestoreSinkConnector";

    public static final String ENDPOINT = "tablestore.endpoint";
    public static final String INSTANCE_NAME = "tablestore.instance.name";
    public static final String AUTH_MODE = "tablestore.auth.mode";
    public static final String ACCESS_KEY_ID = "tablestore.access.key.id";
    public static final String ACCESS_KEY_SECRET = "tablestore.access.key.secret";
    public static final String STS_REGION = "region";
    public static final String STS_ACCOUNT_ID = "account.id";
    public static final String STS_ROLE_NAME = "role.name";
    public static final String STS_ENDPOINT = "sts.endpoint";

    public static final String TABLE_MODEL = "tablestore.mode";
    public static final String AUTO_CREATE = "auto.create";
    public static final boolean AUTO_CREATE_DEFAULT = false;
    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String TOPIC_PLACEHOLDER = "<topic>";
    public static final String TOPIC_TABLES = "topics.assign.tables";

    public static final String KEY_FORMAT = "message.key.format";
    public static final MessageFormat KEY_FORMAT_DEFAULT = MessageFormat.JSON;
    public static final String VALUE_FORMAT = "message.value.format";
    public static final MessageFormat VALUE_FORMAT_DEFAULT = MessageFormat.JSON;
    public static final String JSON_CONVERSION = "json.field.conversion";
    public static final JsonConversion JSON_CONVERSION_DEFAULT = JsonConversion.ALL_STRING;
    public static final String PRIMARY_KEY_MODE = "primarykey.mode";
    public static final PrimaryKeyMode PRIMARY_KEY_MODE_DEFAULT = PrimaryKeyMode.KAFKA;
    public static final String PRIMARY_KEY_NAMES = "primarykey.name";
    public static final String PRIMARY_KEY_TYPES = "primarykey.type";
    public static final String WRITE_MODE = "insert.mode";
    public static final WriteMode WRITE_MODE_DEFAULT = WriteMode.PUT;
    public static final String DELETE_MODE = "delete.mode";
    public static final DeleteMode DELETE_MODE_DEFAULT = DeleteMode.NONE;

    public static final String TS_MEASUREMENT = "tablestore.timeseries.measurement";
    public static final String TS_DATA_SOURCE = "tablestore.timeseries.dataSource";
    public static final String TS_TAGS = "tablestore.timeseries.tags";
    public static final String TS_TIME = "tablestore.timeseries.time";
    public static final String TS_TIME_UNIT = "tablestore.timeseries.time.unit";
    public static final TimestampUnit TS_TIME_UNIT_DEFAULT = TimestampUnit.MILLISECONDS;
    public static final String TS_MAP_ALL = "tablestore.timeseries.mapAll";
    public static final boolean TS_MAP_ALL_DEFAULT = true;
    public static final String TS_FIELD_NAMES = "tablestore.timeseries.field.name";
    public static final String TS_FIELD_TYPES = "tablestore.timeseries.field.type";
    public static final String TS_TO_LOWER_CASE = "tablestore.timeseries.toLowerCase";

    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String MAX_CONCURRENCY = "max.concurrency";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";

    /** Tablestore's limits for one BatchWriteRow / PutTimeseriesData request. */
    public static final int MAX_ROWS_PER_REQUEST = 200;
    public static final int MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024;
    public static final int MAX_PRIMARY_KEY_COLUMNS = 4;

    /** The kafka primary key mode's column names, as the official connector names them. */
    public static final String KAFKA_PK_TOPIC_PARTITION = "topic_partition";
    public static final String KAFKA_PK_OFFSET = "offset";
    /**
     * The primary key column of a STRING key (record_key) or value (record_value). Underscored so that a
     * JSON value field named "key", like the console's sample message {"key": "test"}, stays writable.
     */
    public static final String STRING_KEY_PK_COLUMN = "_key";
    public static final String STRING_VALUE_PK_COLUMN = "_value";

    /**
     * The official connector names some keys per table ({@code tablestore.<table>.primarykey.name},
     * {@code tablestore.timeseries.<table>.time}, ...); they are read as the plain keys when the
     * table is the configured one.
     */
    private static final Pattern PER_TABLE_KEY = Pattern.compile(
            "tablestore\\.(?:(timeseries)\\.)?([^.]+)\\.(primarykey\\.name|primarykey\\.type|measurement|dataSource|tags"
                    + "|time|time\\.unit|field\\.name|field\\.type)");

    /** tablestore.auth.mode=sts: the AccessKey pair assumes this role (sink-common's AssumedRole does the work). */
    public static final StsKeys STS_KEYS = new StsKeys(ACCESS_KEY_ID, ACCESS_KEY_SECRET, STS_ACCOUNT_ID, STS_REGION,
            STS_ROLE_NAME, STS_ENDPOINT, AUTH_MODE + "=sts");

    private static final String CONNECTION = "Connection";
    private static final String DESTINATION = "Destination table";
    private static final String WIDE_COLUMN = "Wide column model";
    private static final String TIME_SERIES = "Time series model";
    private static final String WRITING = "Writing";

    public static final ConfigDef CONFIG_DEF = FailedRecordSpec.define(new ConfigDef()
            .define(ENDPOINT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(), Importance.HIGH,
                    "Endpoint of the Tablestore instance, e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com.",
                    CONNECTION, 1, Width.LONG, "Endpoint")
            .define(INSTANCE_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Name of the Tablestore instance.", CONNECTION, 2, Width.MEDIUM, "Instance name")
            .define(AUTH_MODE, Type.STRING, Choice.lower(AuthMode.AKSK), Choice.of(AuthMode.values(), true), Importance.MEDIUM,
                    "How the sink authenticates: aksk = the AccessKey pair below; sts = a RAM role assumed through"
                            + " STS (region, account.id, role.name, sts.endpoint).",
                    CONNECTION, 3, Width.SHORT, "Authentication")
            .define(ACCESS_KEY_ID, Type.STRING, "", Importance.HIGH,
                    "AccessKey ID (auth mode aksk; with sts, the caller of AssumeRole).", CONNECTION, 4, Width.MEDIUM, "AccessKey ID")
            .define(ACCESS_KEY_SECRET, Type.PASSWORD, "", Importance.HIGH,
                    "AccessKey secret (auth mode aksk; with sts, the caller of AssumeRole). Never logged; reference it through a ConfigProvider.",
                    CONNECTION, 5, Width.MEDIUM, "AccessKey secret")
            .define(STS_REGION, Type.STRING, "", Importance.LOW, "Region of the RAM role (auth mode sts).",
                    CONNECTION, 6, Width.SHORT, "STS region")
            .define(STS_ACCOUNT_ID, Type.STRING, "", Importance.LOW, "Account owning the RAM role (auth mode sts).",
                    CONNECTION, 7, Width.MEDIUM, "STS account")
            .define(STS_ROLE_NAME, Type.STRING, "", Importance.LOW, "RAM role to assume (auth mode sts).",
                    CONNECTION, 8, Width.MEDIUM, "STS role")
            .define(STS_ENDPOINT, Type.STRING, "", Importance.LOW, "STS endpoint (auth mode sts), host[:port] with an"
                    + " optional http:// or https:// (default https). The role's credentials are renewed at 80% of"
                    + " their lifetime without a restart.",
                    CONNECTION, 9, Width.LONG, "STS endpoint")

            .define(TABLE_MODEL, Type.STRING, Choice.lower(TableModel.NORMAL),
                    Choice.of(TableModel.values(), true), Importance.HIGH,
                    "Table model: normal = wide column table, timeseries = time series table.",
                    DESTINATION, 1, Width.SHORT, "Table model")
            .define(AUTO_CREATE, Type.BOOLEAN, AUTO_CREATE_DEFAULT, Importance.MEDIUM,
                    "Create the destination table when it does not exist. When false the table must exist.",
                    DESTINATION, 2, Width.SHORT, "Create table automatically")
            .define(TABLE_NAME_FORMAT, Type.STRING, TOPIC_PLACEHOLDER, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Destination table name; " + TOPIC_PLACEHOLDER + " is replaced by the record's topic.",
                    DESTINATION, 3, Width.MEDIUM, "Table name")
            .define(TOPIC_TABLES, Type.LIST, List.of(), new TopicTables(), Importance.MEDIUM,
                    "Tables for particular topics, as topic:table pairs; other topics use " + TABLE_NAME_FORMAT + ".",
                    DESTINATION, 4, Width.LONG, "Table per topic")

            .define(KEY_FORMAT, Type.STRING, KEY_FORMAT_DEFAULT.name(), Choice.of(MessageFormat.values(), false),
                    Importance.MEDIUM, "Format of the message key: STRING or JSON (an object).",
                    WIDE_COLUMN, 1, Width.SHORT, "Message key format")
            .define(VALUE_FORMAT, Type.STRING, VALUE_FORMAT_DEFAULT.name(), Choice.of(MessageFormat.values(), false),
                    Importance.MEDIUM, "Format of the message value: STRING (written to column 'value') or JSON"
                            + " (an object; one column per top-level field).",
                    WIDE_COLUMN, 2, Width.SHORT, "Message value format")
            .define(JSON_CONVERSION, Type.STRING, JSON_CONVERSION_DEFAULT.name(),
                    Choice.of(JsonConversion.values(), false), Importance.MEDIUM,
                    "JSON field conversion: ALL_STRING writes every field as a string; AUTO_TYPE keeps strings and"
                            + " booleans and writes numbers as double. Nested objects and arrays are written as JSON text.",
                    WIDE_COLUMN, 3, Width.SHORT, "JSON field conversion")
            .define(PRIMARY_KEY_MODE, Type.STRING, Choice.lower(PRIMARY_KEY_MODE_DEFAULT),
                    Choice.of(PrimaryKeyMode.values(), true), Importance.HIGH,
                    "Where the primary key comes from: kafka = (" + KAFKA_PK_TOPIC_PARTITION + " '<topic>_<partition>', "
                            + KAFKA_PK_OFFSET + " <offset>); record_key = fields of the JSON key, or the whole STRING key"
                            + " as column " + STRING_KEY_PK_COLUMN + "; record_value = fields of the JSON value, or the"
                            + " whole STRING value as column " + STRING_VALUE_PK_COLUMN + ".",
                    WIDE_COLUMN, 4, Width.SHORT, "Primary key mode")
            .define(PRIMARY_KEY_NAMES, Type.LIST, List.of(), Importance.HIGH,
                    "Primary key columns, 1 to 4 field names of the JSON key (record_key) or value (record_value).",
                    WIDE_COLUMN, 5, Width.LONG, "Primary key column names")
            .define(PRIMARY_KEY_TYPES, Type.LIST, List.of(), Importance.HIGH,
                    "Type of each primary key column, in order: string or integer (default string).",
                    WIDE_COLUMN, 6, Width.LONG, "Primary key column types")
            .define(WRITE_MODE, Type.STRING, Choice.lower(WRITE_MODE_DEFAULT),
                    Choice.of(WriteMode.values(), true), Importance.HIGH,
                    "put = the record replaces the row; update = the record's fields are added to the row.",
                    WIDE_COLUMN, 7, Width.SHORT, "Write mode")
            .define(DELETE_MODE, Type.STRING, Choice.lower(DELETE_MODE_DEFAULT),
                    Choice.of(DeleteMode.values(), true), Importance.MEDIUM,
                    "none; row = a record with a null value deletes its row; column = in update mode a null field"
                            + " deletes its column; row_and_column = both. Needs primarykey.mode=record_key.",
                    WIDE_COLUMN, 8, Width.SHORT, "Delete mode")

            .define(TS_MEASUREMENT, Type.STRING, "", Importance.HIGH,
                    "Field holding the metric name (_m_name), never empty; " + TOPIC_PLACEHOLDER + " uses the topic name.",
                    TIME_SERIES, 1, Width.MEDIUM, "Metric name field")
            .define(TS_DATA_SOURCE, Type.STRING, "", Importance.MEDIUM,
                    "Field holding the data source (_data_source); may be empty.",
                    TIME_SERIES, 2, Width.MEDIUM, "Data source field")
            .define(TS_TAGS, Type.LIST, List.of(), Importance.MEDIUM,
                    "Fields written as tags (_tags), name:value strings.", TIME_SERIES, 3, Width.LONG, "Tag fields")
            .define(TS_TIME, Type.STRING, "", Importance.HIGH,
                    "Field holding the timestamp (_time), an integer of any size.",
                    TIME_SERIES, 4, Width.MEDIUM, "Timestamp field")
            .define(TS_TIME_UNIT, Type.STRING, TS_TIME_UNIT_DEFAULT.name(), Choice.of(TimestampUnit.values(), false),
                    Importance.HIGH, "Unit of the timestamp field; Tablestore stores microseconds.",
                    TIME_SERIES, 5, Width.SHORT, "Timestamp unit")
            .define(TS_MAP_ALL, Type.BOOLEAN, TS_MAP_ALL_DEFAULT, Importance.MEDIUM,
                    "true: every other field becomes a data field (numbers as double); false: only the fields of "
                            + TS_FIELD_NAMES + " with the types of " + TS_FIELD_TYPES + ".",
                    TIME_SERIES, 6, Width.SHORT, "Map all non-primary-key fields")
            .define(TS_FIELD_NAMES, Type.LIST, List.of(), Importance.MEDIUM,
                    "Data fields to write when mapAll is false.", TIME_SERIES, 7, Width.LONG, "Data field names")
            .define(TS_FIELD_TYPES, Type.LIST, List.of(), Importance.MEDIUM,
                    "Type of each data field: double, integer, string, binary or boolean.",
                    TIME_SERIES, 8, Width.LONG, "Data field types")
            .define(TS_TO_LOWER_CASE, Type.BOOLEAN, true, Importance.LOW,
                    "Write data field names in lower case.", TIME_SERIES, 9, Width.SHORT, "Lower-case field names")

            .define(BATCH_MAX_ROWS, Type.INT, MAX_ROWS_PER_REQUEST, ConfigDef.Range.between(1, MAX_ROWS_PER_REQUEST),
                    Importance.LOW, "Rows per write request (Tablestore allows 200 and 4 MB).",
                    WRITING, 1, Width.SHORT, "Rows per request")
            .define(MAX_CONCURRENCY, Type.INT, 8, ConfigDef.Range.between(1, 64), Importance.LOW,
                    "Write requests in flight per task. Rows with the same primary key always go in order.",
                    WRITING, 2, Width.SHORT, "Parallel requests")
            .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                    "Socket and connect timeout of one Tablestore request.", WRITING, 3, Width.SHORT, "Request timeout")
            .define(RETRY_TIMEOUT_MS, Type.LONG, 120_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long a write is retried (with exponential back-off) on throttling, timeouts and network"
                            + " errors before the task gives the batch back to Connect for a later attempt.",
                    WRITING, 4, Width.SHORT, "Retry time budget")
            .define(RETRY_BACKOFF_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "First retry back-off; doubles per attempt up to 5 s.", WRITING, 5, Width.SHORT, "Retry back-off"));

    private TablestoreSinkSpec() {
    }

    /** Every problem of a config: each key on its own, then the rules between keys. */
    public static List<ConfigProblem> problems(Map<String, String> props) {
        Map<String, String> plain = withPerTableKeys(props);
        return ConfigProblem.of(CONFIG_DEF, plain, TablestoreSinkSpec::crossFieldProblems);
    }

    /**
     * The config with the official connector's per-table keys ({@code tablestore.<table>.primarykey.name},
     * {@code tablestore.timeseries.<table>.time}, ...) read as the plain keys when the table is the configured one.
     */
    public static Map<String, String> withPerTableKeys(Map<String, String> props) {
        Map<String, String> result = new HashMap<>(props);
        String tableName = props.getOrDefault(TABLE_NAME_FORMAT, TOPIC_PLACEHOLDER);
        for (Map.Entry<String, String> entry : props.entrySet()) {
            Matcher matcher = PER_TABLE_KEY.matcher(entry.getKey());
            if (matcher.matches() && matcher.group(2).equals(tableName)) {
                String plainKey = matcher.group(1) == null ? matcher.group(3) : "tablestore.timeseries." + matcher.group(3);
                result.putIfAbsent(plainKey, entry.getValue());
            }
        }
        return result;
    }

    /**
     * The rules that tie several keys together, each reported on the key to change. Reads values leniently: a value that
     * does not parse is its key's own problem. Expects the plain keys ({@link #withPerTableKeys}).
     */
    public static List<ConfigProblem> crossFieldProblems(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        AuthMode authMode = Choice.parseOrNull(AuthMode.class, props.getOrDefault(AUTH_MODE, Choice.lower(AuthMode.AKSK)));
        if (authMode == AuthMode.AKSK && (blank(props, ACCESS_KEY_ID) || blank(props, ACCESS_KEY_SECRET))) {
            problems.add(new ConfigProblem(ACCESS_KEY_ID, "required", ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET
                    + " are required when " + AUTH_MODE + "=aksk"));
        } else if (authMode == AuthMode.STS) {
            problems.addAll(STS_KEYS.missing(props));
        }
        problems.addAll(FailedRecordSpec.crossFieldProblems(props));
        problems.addAll(timeseriesFieldProblems(props));
        TableModel model = Choice.parseOrNull(TableModel.class, props.getOrDefault(TABLE_MODEL, Choice.lower(TableModel.NORMAL)));
        if (model == TableModel.TIMESERIES) {
            if (blank(props, TS_MEASUREMENT)) {
                problems.add(new ConfigProblem(TS_MEASUREMENT, "required",
                        "the time series model needs the metric name field (" + TS_MEASUREMENT + ")"));
            }
            if (blank(props, TS_TIME)) {
                problems.add(new ConfigProblem(TS_TIME, "required",
                        "the time series model needs the timestamp field (" + TS_TIME + ")"));
            }
            boolean mapAll = !"false".equalsIgnoreCase(props.getOrDefault(TS_MAP_ALL, "true").trim());
            if (!mapAll && list(props, TS_FIELD_NAMES).isEmpty()) {
                problems.add(new ConfigProblem(TS_FIELD_NAMES, "required",
                        "lists no field; with " + TS_MAP_ALL + "=false name the data fields and their types"));
            }
            return problems;
        }
        if (model == TableModel.NORMAL) {
            problems.addAll(primaryKeyProblems(props));
        }
        return problems;
    }

    private static List<ConfigProblem> primaryKeyProblems(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        PrimaryKeyMode mode = Choice.parseOrNull(PrimaryKeyMode.class,
                props.getOrDefault(PRIMARY_KEY_MODE, Choice.lower(PRIMARY_KEY_MODE_DEFAULT)));
        MessageFormat keyFormat = Choice.parseOrNull(MessageFormat.class, props.getOrDefault(KEY_FORMAT, KEY_FORMAT_DEFAULT.name()));
        MessageFormat valueFormat = Choice.parseOrNull(MessageFormat.class,
                props.getOrDefault(VALUE_FORMAT, VALUE_FORMAT_DEFAULT.name()));
        if (mode == null) {
            return problems;
        }
        boolean namesKeyFields = mode == PrimaryKeyMode.RECORD_KEY && keyFormat == MessageFormat.JSON;
        boolean namesValueFields = mode == PrimaryKeyMode.RECORD_VALUE && valueFormat == MessageFormat.JSON;
        List<String> names = list(props, PRIMARY_KEY_NAMES);
        List<String> types = list(props, PRIMARY_KEY_TYPES);
        if (!namesKeyFields && !namesValueFields && !names.isEmpty()) {
            problems.add(new ConfigProblem(PRIMARY_KEY_NAMES, PRIMARY_KEY_MODE_RULE,
                    "primary key columns are set only with primarykey.mode=record_key and " + KEY_FORMAT
                            + "=JSON, or primarykey.mode=record_value and " + VALUE_FORMAT + "=JSON"));
        }
        if ((namesKeyFields || namesValueFields) && (names.isEmpty() || names.size() > MAX_PRIMARY_KEY_COLUMNS)) {
            problems.add(new ConfigProblem(PRIMARY_KEY_NAMES, "size",
                    "must list 1 to " + MAX_PRIMARY_KEY_COLUMNS + " field names when primarykey.mode="
                            + Choice.lower(mode) + " reads a JSON " + (namesKeyFields ? "key" : "value")));
        }
        if (types.size() > names.size()) {
            problems.add(new ConfigProblem(PRIMARY_KEY_TYPES, "size", "has more entries than " + PRIMARY_KEY_NAMES));
        } else if (types.stream().anyMatch(type -> Choice.parseOrNull(PrimaryKeyType.class, type) == null)) {
            problems.add(new ConfigProblem(PRIMARY_KEY_TYPES, "invalid", "each type must be one of string, integer, not "
                    + types));
        }
        DeleteMode deleteMode = Choice.parseOrNull(DeleteMode.class, props.getOrDefault(DELETE_MODE, Choice.lower(DELETE_MODE_DEFAULT)));
        if (deleteMode != null && deleteMode != DeleteMode.NONE && mode != PrimaryKeyMode.RECORD_KEY) {
            problems.add(new ConfigProblem(DELETE_MODE, PRIMARY_KEY_MODE_RULE,
                    "deleting rows or columns needs primarykey.mode=record_key"));
        }
        return problems;
    }

    /** The explicitly typed data fields: one known type per name, each name once (checked whatever the model). */
    private static List<ConfigProblem> timeseriesFieldProblems(Map<String, String> props) {
        List<String> names = list(props, TS_FIELD_NAMES);
        List<String> types = list(props, TS_FIELD_TYPES);
        if (names.size() != types.size()) {
            return List.of(new ConfigProblem(TS_FIELD_TYPES, "size", "needs one type per name of " + TS_FIELD_NAMES + " " + names));
        }
        for (String type : types) {
            if (Choice.parseOrNull(TimeseriesFieldType.class, type) == null) {
                return List.of(new ConfigProblem(TS_FIELD_TYPES, "invalid", "'" + type + "' must be one of "
                        + List.of(TimeseriesFieldType.values())));
            }
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                return List.of(new ConfigProblem(TS_FIELD_NAMES, "unique", "names field '" + name + "' twice"));
            }
        }
        return List.of();
    }

    /** A LIST key's entries as Connect parses them (comma separated, trimmed); empty when absent or unparsable. */
    public static List<String> list(Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            @SuppressWarnings("unchecked")
            List<String> parsed = (List<String>) ConfigDef.parseType(key, value, Type.LIST);
            return parsed;
        } catch (ConfigException e) {
            return List.of();
        }
    }

    private static boolean blank(Map<String, String> props, String key) {
        String value = props.get(key);
        return value == null || value.isBlank();
    }

    private static final String PRIMARY_KEY_MODE_RULE = "primaryKeyMode";

    /** Accepts topic:table pairs. */
    private static final class TopicTables implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object pair : (List<?>) value) {
                if (!String.valueOf(pair).matches("[^:]+:[^:]+")) {
                    throw new ConfigException(name, value, "each entry must be topic:table, not '" + pair + "'");
                }
            }
        }

        @Override
        public String toString() {
            return "topic:table,...";
        }
    }

    /** Accepts an http:// or https:// URL. */
    private static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString().trim();
            if (!url.matches("(?i)https?://[^/\\s]+/?")) {
                throw new ConfigException(name, value, "must be an http:// or https:// endpoint URL");
            }
        }

        @Override
        public String toString() {
            return "http(s)://host[:port]";
        }
    }

    /** aksk: the AccessKey pair writes; sts: the pair assumes a RAM role whose credentials write. */
    public enum AuthMode { AKSK, STS }

    /** normal: a wide column table; timeseries: a time series table. */
    public enum TableModel { NORMAL, TIMESERIES }

    public enum MessageFormat { STRING, JSON }

    public enum JsonConversion { ALL_STRING, AUTO_TYPE }

    public enum PrimaryKeyMode { KAFKA, RECORD_KEY, RECORD_VALUE }

    public enum PrimaryKeyType { STRING, INTEGER }

    public enum WriteMode { PUT, UPDATE }

    public enum DeleteMode {
        NONE, ROW, COLUMN, ROW_AND_COLUMN;

        public boolean deletesRows() {
            return this == ROW || this == ROW_AND_COLUMN;
        }

        public boolean deletesColumns() {
            return this == COLUMN || this == ROW_AND_COLUMN;
        }
    }

    public enum TimestampUnit {
        SECONDS(1_000_000L), MILLISECONDS(1_000L), MICROSECONDS(1L), NANOSECONDS(0L);

        private final long microsPerUnit;

        TimestampUnit(long microsPerUnit) {
            this.microsPerUnit = microsPerUnit;
        }

        public long toMicros(long value) {
            return this == NANOSECONDS ? value / 1_000L : Math.multiplyExact(value, microsPerUnit);
        }
    }

    public enum TimeseriesFieldType { DOUBLE, INTEGER, STRING, BINARY, BOOLEAN }

}
