package com.connectorservice.sink.tablestore;

import static com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;

/**
 * A Tablestore sink config, parsed once through its spec ({@link TablestoreSinkSpec}: the keys, their values and the
 * rules between them) into typed values.
 */
public final class TablestoreSinkConfig extends AbstractConfig {

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
    private final Map<String, String> tablesByTopic = new HashMap<>();

    /** @throws ConfigException naming the first key at fault and the rule it breaks */
    public TablestoreSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, withPerTableKeys(props));
        List<ConfigProblem> problems = TablestoreSinkSpec.crossFieldProblems(withPerTableKeys(props));
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            throw new ConfigException(first.key(), ACCESS_KEY_SECRET.equals(first.key()) ? "[hidden]"
                    : originalsStrings().get(first.key()), first.message());
        }
        tableModel = Choice.parse(TableModel.class, TABLE_MODEL, getString(TABLE_MODEL));
        keyFormat = Choice.parse(MessageFormat.class, KEY_FORMAT, getString(KEY_FORMAT));
        valueFormat = Choice.parse(MessageFormat.class, VALUE_FORMAT, getString(VALUE_FORMAT));
        jsonConversion = Choice.parse(JsonConversion.class, JSON_CONVERSION, getString(JSON_CONVERSION));
        primaryKeyMode = Choice.parse(PrimaryKeyMode.class, PRIMARY_KEY_MODE, getString(PRIMARY_KEY_MODE));
        writeMode = Choice.parse(WriteMode.class, WRITE_MODE, getString(WRITE_MODE));
        deleteMode = Choice.parse(DeleteMode.class, DELETE_MODE, getString(DELETE_MODE));
        timestampUnit = Choice.parse(TimestampUnit.class, TS_TIME_UNIT, getString(TS_TIME_UNIT));
        primaryKeyColumns = parsePrimaryKeyColumns();
        timeseriesFields = parseTimeseriesFields();
        for (String pair : getList(TOPIC_TABLES)) {
            String[] topicAndTable = pair.split(":", 2);
            tablesByTopic.put(topicAndTable[0].trim(), topicAndTable[1].trim());
        }
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
            String type = i < types.size() ? types.get(i) : Choice.lower(PrimaryKeyType.STRING);
            columns.add(new PrimaryKeyColumn(names.get(i), Choice.parse(PrimaryKeyType.class, PRIMARY_KEY_TYPES, type)));
        }
        return List.copyOf(columns);
    }

    private Map<String, TimeseriesFieldType> parseTimeseriesFields() {
        List<String> names = getList(TS_FIELD_NAMES);
        List<String> types = getList(TS_FIELD_TYPES);
        Map<String, TimeseriesFieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            fields.put(names.get(i), Choice.parse(TimeseriesFieldType.class, TS_FIELD_TYPES, types.get(i)));
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
        return Choice.is(getString(AUTH_MODE), AuthMode.STS);
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

    /** A primary key column the sink writes: its name and Tablestore type. */
    public record PrimaryKeyColumn(String name, PrimaryKeyType type) {
    }
}
