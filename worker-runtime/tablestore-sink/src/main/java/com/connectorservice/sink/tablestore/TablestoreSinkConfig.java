package com.connectorservice.sink.tablestore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import com.connectorservice.sink.common.FailedRecordConfig;

/**
 * Every setting of the Tablestore sink, parsed once. Key names follow Aliyun's open-source
 * "tablestore-kafka-connector" wherever it has one for the same setting, so its users' JSON works;
 * the managed product's wizard-only settings (message formats, JSON field conversion) got new names.
 */
public final class TablestoreSinkConfig extends AbstractConfig {

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
    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String TOPIC_PLACEHOLDER = "<topic>";
    public static final String TOPIC_TABLES = "topics.assign.tables";

    public static final String KEY_FORMAT = "message.key.format";
    public static final String VALUE_FORMAT = "message.value.format";
    public static final String JSON_CONVERSION = "json.field.conversion";
    public static final String PRIMARY_KEY_MODE = "primarykey.mode";
    public static final String PRIMARY_KEY_NAMES = "primarykey.name";
    public static final String PRIMARY_KEY_TYPES = "primarykey.type";
    public static final String WRITE_MODE = "insert.mode";
    public static final String DELETE_MODE = "delete.mode";

    public static final String TS_MEASUREMENT = "tablestore.timeseries.measurement";
    public static final String TS_DATA_SOURCE = "tablestore.timeseries.dataSource";
    public static final String TS_TAGS = "tablestore.timeseries.tags";
    public static final String TS_TIME = "tablestore.timeseries.time";
    public static final String TS_TIME_UNIT = "tablestore.timeseries.time.unit";
    public static final String TS_MAP_ALL = "tablestore.timeseries.mapAll";
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

    private static final String CONNECTION = "Connection";
    private static final String DESTINATION = "Destination table";
    private static final String WIDE_COLUMN = "Wide column model";
    private static final String TIME_SERIES = "Time series model";
    private static final String WRITING = "Writing";

    public static final ConfigDef CONFIG_DEF = FailedRecordConfig.define(new ConfigDef()
            .define(ENDPOINT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(), Importance.HIGH,
                    "Endpoint of the Tablestore instance, e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com.",
                    CONNECTION, 1, Width.LONG, "Endpoint")
            .define(INSTANCE_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Name of the Tablestore instance.", CONNECTION, 2, Width.MEDIUM, "Instance name")
            .define(AUTH_MODE, Type.STRING, "aksk", lowerCaseChoice("aksk", "sts"), Importance.MEDIUM,
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

            .define(TABLE_MODEL, Type.STRING, TableModel.NORMAL.name().toLowerCase(Locale.ROOT),
                    lowerCaseChoice(TableModel.class), Importance.HIGH,
                    "Table model: normal = wide column table, timeseries = time series table.",
                    DESTINATION, 1, Width.SHORT, "Table model")
            .define(AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Create the destination table when it does not exist. When false the table must exist.",
                    DESTINATION, 2, Width.SHORT, "Create table automatically")
            .define(TABLE_NAME_FORMAT, Type.STRING, TOPIC_PLACEHOLDER, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Destination table name; " + TOPIC_PLACEHOLDER + " is replaced by the record's topic.",
                    DESTINATION, 3, Width.MEDIUM, "Table name")
            .define(TOPIC_TABLES, Type.LIST, List.of(), new TopicTables(), Importance.MEDIUM,
                    "Tables for particular topics, as topic:table pairs; other topics use " + TABLE_NAME_FORMAT + ".",
                    DESTINATION, 4, Width.LONG, "Table per topic")

            .define(KEY_FORMAT, Type.STRING, MessageFormat.JSON.name(), upperCaseChoice(MessageFormat.class),
                    Importance.MEDIUM, "Format of the message key: STRING or JSON (an object).",
                    WIDE_COLUMN, 1, Width.SHORT, "Message key format")
            .define(VALUE_FORMAT, Type.STRING, MessageFormat.JSON.name(), upperCaseChoice(MessageFormat.class),
                    Importance.MEDIUM, "Format of the message value: STRING (written to column 'value') or JSON"
                            + " (an object; one column per top-level field).",
                    WIDE_COLUMN, 2, Width.SHORT, "Message value format")
            .define(JSON_CONVERSION, Type.STRING, JsonConversion.ALL_STRING.name(),
                    upperCaseChoice(JsonConversion.class), Importance.MEDIUM,
                    "JSON field conversion: ALL_STRING writes every field as a string; AUTO_TYPE keeps strings and"
                            + " booleans and writes numbers as double. Nested objects and arrays are written as JSON text.",
                    WIDE_COLUMN, 3, Width.SHORT, "JSON field conversion")
            .define(PRIMARY_KEY_MODE, Type.STRING, PrimaryKeyMode.KAFKA.name().toLowerCase(Locale.ROOT),
                    lowerCaseChoice(PrimaryKeyMode.class), Importance.HIGH,
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
            .define(WRITE_MODE, Type.STRING, WriteMode.PUT.name().toLowerCase(Locale.ROOT),
                    lowerCaseChoice(WriteMode.class), Importance.HIGH,
                    "put = the record replaces the row; update = the record's fields are added to the row.",
                    WIDE_COLUMN, 7, Width.SHORT, "Write mode")
            .define(DELETE_MODE, Type.STRING, DeleteMode.NONE.name().toLowerCase(Locale.ROOT),
                    lowerCaseChoice(DeleteMode.class), Importance.MEDIUM,
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
            .define(TS_TIME_UNIT, Type.STRING, TimestampUnit.MILLISECONDS.name(), upperCaseChoice(TimestampUnit.class),
                    Importance.HIGH, "Unit of the timestamp field; Tablestore stores microseconds.",
                    TIME_SERIES, 5, Width.SHORT, "Timestamp unit")
            .define(TS_MAP_ALL, Type.BOOLEAN, true, Importance.MEDIUM,
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

    private final TableModel tableModel;
    private final MessageFormat keyFormat;
    private final MessageFormat valueFormat;
    private final JsonConversion jsonConversion;
    private final PrimaryKeyMode primaryKeyMode;
    private final List<PrimaryKeyColumn> primaryKeyColumns;
    private final WriteMode writeMode;
    private final DeleteMode deleteMode;
    private final TimestampUnit timestampUnit;
    private final Map<String, TimeseriesFieldType> timeseriesFields;
    private final List<ConfigException> problems;
    private final Map<String, String> tablesByTopic = new HashMap<>();

    public TablestoreSinkConfig(Map<String, String> props) {
        this(props, true);
    }

    private TablestoreSinkConfig(Map<String, String> props, boolean failOnProblem) {
        super(CONFIG_DEF, withPerTableKeys(props));
        tableModel = TableModel.valueOf(upper(getString(TABLE_MODEL)));
        keyFormat = MessageFormat.valueOf(upper(getString(KEY_FORMAT)));
        valueFormat = MessageFormat.valueOf(upper(getString(VALUE_FORMAT)));
        jsonConversion = JsonConversion.valueOf(upper(getString(JSON_CONVERSION)));
        primaryKeyMode = PrimaryKeyMode.valueOf(upper(getString(PRIMARY_KEY_MODE)));
        writeMode = WriteMode.valueOf(upper(getString(WRITE_MODE)));
        deleteMode = DeleteMode.valueOf(upper(getString(DELETE_MODE)));
        timestampUnit = TimestampUnit.valueOf(upper(getString(TS_TIME_UNIT)));
        primaryKeyColumns = parsePrimaryKeyColumns();
        timeseriesFields = parseTimeseriesFields();
        for (String pair : getList(TOPIC_TABLES)) {
            String[] topicAndTable = pair.split(":", 2);
            tablesByTopic.put(topicAndTable[0].trim(), topicAndTable[1].trim());
        }
        problems = crossFieldProblems();
        if (failOnProblem && !problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** The rules that tie several keys together; each problem names the key it is reported on. */
    private List<ConfigException> crossFieldProblems() {
        List<ConfigException> problems = new ArrayList<>();
        if ("aksk".equalsIgnoreCase(getString(AUTH_MODE))
                && (getString(ACCESS_KEY_ID).isBlank() || getPassword(ACCESS_KEY_SECRET).value().isBlank())) {
            problems.add(new ConfigException(ACCESS_KEY_ID, getString(ACCESS_KEY_ID),
                    ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET + " are required when " + AUTH_MODE + "=aksk"));
        }
        if (usesRole()) {
            for (String key : List.of(ACCESS_KEY_ID, STS_REGION, STS_ACCOUNT_ID, STS_ROLE_NAME, STS_ENDPOINT)) {
                if (getString(key).isBlank()) {
                    problems.add(new ConfigException(key, getString(key), key + " is required when " + AUTH_MODE
                            + "=sts (" + ACCESS_KEY_ID + "/" + ACCESS_KEY_SECRET + " are the caller of AssumeRole)"));
                }
            }
            if (getPassword(ACCESS_KEY_SECRET).value().isBlank()) {
                problems.add(new ConfigException(ACCESS_KEY_SECRET, "[hidden]", ACCESS_KEY_SECRET
                        + " is required when " + AUTH_MODE + "=sts"));
            }
        }
        if (tableModel == TableModel.TIMESERIES) {
            if (getString(TS_MEASUREMENT).isBlank()) {
                problems.add(new ConfigException(TS_MEASUREMENT, "",
                        "the time series model needs the metric name field (" + TS_MEASUREMENT + ")"));
            }
            if (getString(TS_TIME).isBlank()) {
                problems.add(new ConfigException(TS_TIME, "",
                        "the time series model needs the timestamp field (" + TS_TIME + ")"));
            }
            if (!getBoolean(TS_MAP_ALL) && timeseriesFields.isEmpty()) {
                problems.add(new ConfigException(TS_FIELD_NAMES, "",
                        "lists no field; with " + TS_MAP_ALL + "=false name the data fields and their types"));
            }
            return problems;
        }
        boolean namesKeyFields = primaryKeyMode == PrimaryKeyMode.RECORD_KEY && keyFormat == MessageFormat.JSON;
        boolean namesValueFields = primaryKeyMode == PrimaryKeyMode.RECORD_VALUE && valueFormat == MessageFormat.JSON;
        List<String> names = getList(PRIMARY_KEY_NAMES);
        if (!namesKeyFields && !namesValueFields && !names.isEmpty()) {
            problems.add(new ConfigException(PRIMARY_KEY_NAMES, names,
                    "primary key columns are set only with primarykey.mode=record_key and " + KEY_FORMAT
                            + "=JSON, or primarykey.mode=record_value and " + VALUE_FORMAT + "=JSON"));
        }
        if ((namesKeyFields || namesValueFields) && (names.isEmpty() || names.size() > MAX_PRIMARY_KEY_COLUMNS)) {
            problems.add(new ConfigException(PRIMARY_KEY_NAMES, names,
                    "must list 1 to " + MAX_PRIMARY_KEY_COLUMNS + " field names when primarykey.mode="
                            + primaryKeyMode.name().toLowerCase(Locale.ROOT) + " reads a JSON "
                            + (namesKeyFields ? "key" : "value")));
        }
        if (getList(PRIMARY_KEY_TYPES).size() > names.size()) {
            problems.add(new ConfigException(PRIMARY_KEY_TYPES, getList(PRIMARY_KEY_TYPES),
                    "has more entries than " + PRIMARY_KEY_NAMES));
        }
        if (deleteMode != DeleteMode.NONE && primaryKeyMode != PrimaryKeyMode.RECORD_KEY) {
            problems.add(new ConfigException(DELETE_MODE, deleteMode.name().toLowerCase(Locale.ROOT),
                    "deleting rows or columns needs primarykey.mode=record_key"));
        }
        return problems;
    }

    /** Problems of the whole configuration, for Connect's validate endpoint, by the key each belongs to. */
    static Map<String, String> problemsByKey(Map<String, String> props) {
        Map<String, String> byKey = new LinkedHashMap<>();
        try {
            for (ConfigException problem : new TablestoreSinkConfig(props, false).problems) {
                byKey.putIfAbsent(keyOf(problem), problem.getMessage());
            }
        } catch (ConfigException e) {
            byKey.putIfAbsent(keyOf(e), e.getMessage());
        }
        return byKey;
    }

    private List<PrimaryKeyColumn> parsePrimaryKeyColumns() {
        return switch (primaryKeyMode) {
            case KAFKA -> List.of(new PrimaryKeyColumn(KAFKA_PK_TOPIC_PARTITION, PrimaryKeyType.STRING),
                    new PrimaryKeyColumn(KAFKA_PK_OFFSET, PrimaryKeyType.INTEGER));
            case RECORD_KEY -> keyFormat == MessageFormat.STRING
                    ? List.of(new PrimaryKeyColumn(STRING_KEY_PK_COLUMN, PrimaryKeyType.STRING)) : namedPrimaryKeyColumns();
            case RECORD_VALUE -> valueFormat == MessageFormat.STRING
                    ? List.of(new PrimaryKeyColumn(STRING_VALUE_PK_COLUMN, PrimaryKeyType.STRING)) : namedPrimaryKeyColumns();
        };
    }

    private List<PrimaryKeyColumn> namedPrimaryKeyColumns() {
        List<String> names = getList(PRIMARY_KEY_NAMES);
        List<String> types = getList(PRIMARY_KEY_TYPES);
        List<PrimaryKeyColumn> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String type = i < types.size() ? types.get(i) : "string";
            columns.add(new PrimaryKeyColumn(names.get(i), parse(PrimaryKeyType.class, PRIMARY_KEY_TYPES, type)));
        }
        return List.copyOf(columns);
    }

    private Map<String, TimeseriesFieldType> parseTimeseriesFields() {
        List<String> names = getList(TS_FIELD_NAMES);
        List<String> types = getList(TS_FIELD_TYPES);
        if (names.size() != types.size()) {
            throw new ConfigException(TS_FIELD_TYPES, types, "needs one type per name of " + TS_FIELD_NAMES + " " + names);
        }
        Map<String, TimeseriesFieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (fields.put(names.get(i), parse(TimeseriesFieldType.class, TS_FIELD_TYPES, types.get(i))) != null) {
                throw new ConfigException(TS_FIELD_NAMES, names, "names field '" + names.get(i) + "' twice");
            }
        }
        return Map.copyOf(fields);
    }

    public String endpoint() {
        return getString(ENDPOINT);
    }

    public String instanceName() {
        return getString(INSTANCE_NAME);
    }

    public String accessKeyId() {
        return getString(ACCESS_KEY_ID);
    }

    public Password accessKeySecret() {
        return getPassword(ACCESS_KEY_SECRET);
    }

    /** {@code tablestore.auth.mode=sts}: the AccessKey pair only calls AssumeRole; writes use the role's credentials. */
    public boolean usesRole() {
        return "sts".equalsIgnoreCase(getString(AUTH_MODE));
    }

    public String stsRegion() {
        return getString(STS_REGION);
    }

    public String stsAccountId() {
        return getString(STS_ACCOUNT_ID);
    }

    public String stsRoleName() {
        return getString(STS_ROLE_NAME);
    }

    public String stsEndpoint() {
        return getString(STS_ENDPOINT);
    }

    public TableModel tableModel() {
        return tableModel;
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    public String tableName(String topic) {
        String assigned = tablesByTopic.get(topic);
        return assigned != null ? assigned : getString(TABLE_NAME_FORMAT).replace(TOPIC_PLACEHOLDER, topic);
    }

    public MessageFormat keyFormat() {
        return keyFormat;
    }

    public MessageFormat valueFormat() {
        return valueFormat;
    }

    public JsonConversion jsonConversion() {
        return jsonConversion;
    }

    public PrimaryKeyMode primaryKeyMode() {
        return primaryKeyMode;
    }

    public List<PrimaryKeyColumn> primaryKeyColumns() {
        return primaryKeyColumns;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    public DeleteMode deleteMode() {
        return deleteMode;
    }

    public String measurementField() {
        return getString(TS_MEASUREMENT);
    }

    public String dataSourceField() {
        return getString(TS_DATA_SOURCE);
    }

    public List<String> tagFields() {
        return getList(TS_TAGS);
    }

    public String timeField() {
        return getString(TS_TIME);
    }

    public TimestampUnit timestampUnit() {
        return timestampUnit;
    }

    public boolean mapAllFields() {
        return getBoolean(TS_MAP_ALL);
    }

    /** The explicitly typed data fields, by field name (used when {@link #mapAllFields()} is false). */
    public Map<String, TimeseriesFieldType> timeseriesFields() {
        return timeseriesFields;
    }

    public boolean lowerCaseFieldNames() {
        return getBoolean(TS_TO_LOWER_CASE);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS);
    }

    public int maxConcurrency() {
        return getInt(MAX_CONCURRENCY);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    public long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT_MS);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    private static Map<String, String> withPerTableKeys(Map<String, String> props) {
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

    /** The key a ConfigException(name, value, message) names: "Invalid value v for configuration name: rule". */
    private static String keyOf(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(" for configuration ");
        return at < 0 ? ENDPOINT : message.substring(at + " for configuration ".length()).split(":", 2)[0];
    }

    private static String upper(String value) {
        return value.trim().toUpperCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, upper(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, value, "must be one of " + names(type, false));
        }
    }

    private static <E extends Enum<E>> ConfigDef.Validator lowerCaseChoice(Class<E> type) {
        return lowerCaseChoice(names(type, true).toArray(String[]::new));
    }

    private static ConfigDef.Validator lowerCaseChoice(String... values) {
        return ConfigDef.CaseInsensitiveValidString.in(values);
    }

    private static <E extends Enum<E>> ConfigDef.Validator upperCaseChoice(Class<E> type) {
        return ConfigDef.CaseInsensitiveValidString.in(names(type, false).toArray(String[]::new));
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type, boolean lowerCase) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(lowerCase ? constant.name().toLowerCase(Locale.ROOT) : constant.name());
        }
        return names;
    }

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

    public record PrimaryKeyColumn(String name, PrimaryKeyType type) {
    }
}
