package com.connectorservice.controlplane.destination.tablestore;

import static com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.authorization.AuthorizationFindings;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.ServiceIdentity;
import com.connectorservice.controlplane.connectconfig.SinkConfigWriter;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.CredentialsMapping;
import com.connectorservice.controlplane.destination.DestinationChecks;
import com.connectorservice.controlplane.destination.DestinationSupport;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination.PrimaryKeyColumn;
import com.connectorservice.controlplane.preview.DestinationPreview;
import com.connectorservice.controlplane.preview.PreviewService;

/**
 * A Tablestore table as a destination (seed 003): the wizard's fields checked, mapped onto the Tablestore sink's keys
 * ({@link TablestoreSinkSpec}), read back for the preview, and the service-linked role ensured.
 */
@Component
public class TablestoreSupport implements DestinationSupport<TablestoreDestination> {

    private static final Pattern INSTANCE_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]");
    /** Tablestore's rule for the names of tables and columns. */
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** Tablestore's rule for the names of time series tables and of their data fields: shorter than other tables'. */
    private static final Pattern TIMESERIES_NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** A tag's name: visible ASCII, but neither the quote nor the equals sign of Tablestore's tag text. */
    private static final Pattern TAG_NAME_PATTERN = Pattern.compile("[\\x21\\x23-\\x3C\\x3E-\\x7E]+");

    @Override
    public String type() {
        return TablestoreDestination.TYPE;
    }

    @Override
    public Class<TablestoreDestination> destinationClass() {
        return TablestoreDestination.class;
    }

    @Override
    public void validate(TablestoreDestination d, Violations v) {
        if (v.required("destination.endpoint", d.endpoint())) {
            DestinationChecks.url(v, "destination.endpoint", d.endpoint());
        }
        if (v.required("destination.instanceName", d.instanceName()) && !INSTANCE_PATTERN.matcher(d.instanceName()).matches()) {
            v.error("destination.instanceName", "pattern",
                    "instanceName must be 3-16 letters, digits or hyphens, start with a letter and not end with a hyphen");
        }
        if (v.required("destination.tableName", d.tableName()) && !NAME_PATTERN.matcher(d.tableName()).matches()) {
            v.error("destination.tableName", "pattern",
                    "tableName must be 1-255 letters, digits or underscores, not starting with a digit");
        }
        DestinationChecks.auth(v, d.auth());
        switch (d.model()) {
            case WIDE_COLUMN -> checkWideColumn(v, d);
            case TIMESERIES -> checkTimeseries(v, d);
        }
    }

    private static void checkWideColumn(Violations v, TablestoreDestination d) {
        List<PrimaryKeyColumn> columns = d.primaryKeyColumns();
        PrimaryKeyMode mode = d.primaryKeyMode();
        if (mode == PrimaryKeyMode.KAFKA) {
            if (!columns.isEmpty()) {
                v.error("destination.primaryKeyColumns", "primaryKeyMode",
                        "primaryKeyColumns apply only with primaryKeyMode RECORD_KEY or RECORD_VALUE");
            }
        } else {
            if (mode == PrimaryKeyMode.RECORD_KEY && d.keyFormat() != MessageFormat.JSON) {
                v.error("destination.keyFormat", "primaryKeyMode", "primaryKeyMode RECORD_KEY needs keyFormat JSON");
            }
            if (mode == PrimaryKeyMode.RECORD_VALUE && d.valueFormat() != MessageFormat.JSON) {
                v.error("destination.valueFormat", "primaryKeyMode", "primaryKeyMode RECORD_VALUE needs valueFormat JSON");
            }
            if (columns.isEmpty()) {
                v.error("destination.primaryKeyColumns", "required", "primaryKeyMode " + mode + " needs 1 to "
                        + TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS + " primaryKeyColumns");
            } else if (columns.size() > TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS) {
                v.error("destination.primaryKeyColumns", "size", "at most " + TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS
                        + " primaryKeyColumns are allowed, got " + columns.size());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String field = "destination.primaryKeyColumns[" + i + "]";
            PrimaryKeyColumn column = columns.get(i);
            if (column == null) {
                v.error(field, "required", field + " must be an object with name and type");
                continue;
            }
            if (v.required(field + ".name", column.name())) {
                if (!NAME_PATTERN.matcher(column.name()).matches()) {
                    // Tablestore refused the table (or its rows) only once the connector ran
                    v.error(field + ".name", "pattern", "primary key column '" + column.name() + "' must be 1-255"
                            + " letters, digits or underscores, not starting with a digit (Tablestore's column names)");
                } else if (!seen.add(column.name())) {
                    v.error(field + ".name", "unique", "primary key column '" + column.name() + "' is listed twice");
                }
            }
            v.required(field + ".type", column.type());
        }
        if (d.timeseries() != null) {
            v.error("destination.timeseries", "model", "timeseries settings apply only with model TIMESERIES");
        }
    }

    private static void checkTimeseries(Violations v, TablestoreDestination d) {
        if (!d.primaryKeyColumns().isEmpty()) {
            v.error("destination.primaryKeyColumns", "model", "primaryKeyColumns apply only with model WIDE_COLUMN");
        }
        if (d.valueFormat() != MessageFormat.JSON) {
            v.error("destination.valueFormat", "model", "model TIMESERIES reads its fields from a JSON value: valueFormat must be JSON");
        }
        TablestoreDestination.Timeseries ts = d.timeseries();
        if (!v.required("destination.timeseries", ts)) {
            return;
        }
        // the service refused these names only once the connector wrote its first rows
        if (d.tableName() != null && NAME_PATTERN.matcher(d.tableName()).matches()
                && !TIMESERIES_NAME_PATTERN.matcher(d.tableName()).matches()) {
            v.error("destination.tableName", "length", "a time series table name has at most 128 characters");
        }
        v.required("destination.timeseries.metricNameField", ts.metricNameField());
        v.required("destination.timeseries.timestampField", ts.timestampField());
        for (int i = 0; i < ts.tagFields().size(); i++) {
            String tag = ts.tagFields().get(i);
            if (tag == null || tag.isBlank()) {
                v.error("destination.timeseries.tagFields[" + i + "]", "required", "tag field names must not be empty");
            } else if (!TAG_NAME_PATTERN.matcher(tag).matches()) {
                v.error("destination.timeseries.tagFields[" + i + "]", "pattern", "tag '" + tag + "' must be visible"
                        + " ASCII characters other than '\"' and '=' (Tablestore's tag names)");
            }
        }
        if (!ts.mapAllFields() && ts.fieldTypes().isEmpty()) {
            v.error("destination.timeseries.fieldTypes", "required",
                    "with mapAllFields false, fieldTypes must name at least one field and its type");
        }
        ts.fieldTypes().forEach((field, type) -> {
            if (!TIMESERIES_NAME_PATTERN.matcher(field).matches()) {
                v.error("destination.timeseries.fieldTypes." + field, "pattern", "field '" + field + "' must be 1-128"
                        + " letters, digits or underscores, not starting with a digit (Tablestore's data field names)");
            } else if (type == null) {
                v.error("destination.timeseries.fieldTypes." + field, "required", "field '" + field + "' needs a type");
            }
        });
    }

    @Override
    public List<ConfigProblem> writeSinkConfig(TablestoreDestination destination, ServiceIdentity service,
            SinkConfigWriter config, Map<String, String> secrets) {
        config.putConnect(ConnectConfigMapper.CONNECTOR_CLASS, CONNECTOR_CLASS);
        config.put(ENDPOINT, destination.endpoint(), "destination.endpoint")
                .put(INSTANCE_NAME, destination.instanceName(), "destination.instanceName");
        if (destination.auth() instanceof DestinationAuth.AccessKey) {
            config.put(AUTH_MODE, Choice.lower(AuthMode.AKSK), "destination.auth.type");
        } else if (destination.auth() instanceof DestinationAuth.RamRole) {
            config.put(AUTH_MODE, Choice.lower(AuthMode.STS), "destination.auth.type");
        }
        CredentialsMapping.write(destination.auth(), STS_KEYS, service, config, secrets);
        config.put(TABLE_MODEL, Choice.lower(destination.model() == TablestoreDestination.Model.TIMESERIES
                        ? TableModel.TIMESERIES : TableModel.NORMAL), "destination.model")
                .put(AUTO_CREATE, destination.autoCreateTable(), "destination.autoCreateTable")
                .put(TABLE_NAME_FORMAT, destination.tableName(), "destination.tableName")
                .put(KEY_FORMAT, destination.keyFormat(), "destination.keyFormat")
                .put(VALUE_FORMAT, destination.valueFormat(), "destination.valueFormat")
                .put(JSON_CONVERSION, destination.jsonConversion(), "destination.jsonConversion")
                .put(PRIMARY_KEY_MODE, lower(destination.primaryKeyMode()), "destination.primaryKeyMode")
                .put(WRITE_MODE, lower(destination.writeMode()), "destination.writeMode")
                .put(DELETE_MODE, lower(destination.deleteMode()), "destination.deleteMode");
        List<PrimaryKeyColumn> columns = destination.primaryKeyColumns() == null ? List.of() : destination.primaryKeyColumns();
        config.putList(PRIMARY_KEY_NAMES, columns.stream().map(c -> c == null ? "" : c.name()).toList(),
                        "destination.primaryKeyColumns")
                .putList(PRIMARY_KEY_TYPES, columns.stream()
                        .map(c -> c == null || c.type() == null ? Choice.lower(PrimaryKeyType.STRING) : Choice.lower(c.type()))
                        .toList(), "destination.primaryKeyColumns");
        TablestoreDestination.Timeseries timeseries = destination.timeseries();
        if (timeseries != null) {
            config.put(TS_MEASUREMENT, timeseries.metricNameField(), "destination.timeseries.metricNameField")
                    .put(TS_DATA_SOURCE, timeseries.dataSourceField(), "destination.timeseries.dataSourceField")
                    .putList(TS_TAGS, timeseries.tagFields(), "destination.timeseries.tagFields")
                    .put(TS_TIME, timeseries.timestampField(), "destination.timeseries.timestampField")
                    .put(TS_TIME_UNIT, timeseries.timestampUnit(), "destination.timeseries.timestampUnit")
                    .put(TS_MAP_ALL, timeseries.mapAllFields(), "destination.timeseries.mapAllFields");
            Map<String, TimeseriesFieldType> fieldTypes = timeseries.fieldTypes() == null ? Map.of() : timeseries.fieldTypes();
            List<String> names = new ArrayList<>(fieldTypes.keySet());
            config.putList(TS_FIELD_NAMES, names, "destination.timeseries.fieldTypes")
                    .putList(TS_FIELD_TYPES, names.stream().map(n -> lower(fieldTypes.get(n))).toList(),
                            "destination.timeseries.fieldTypes");
        }
        return TablestoreSinkSpec.problems(config.config());
    }

    @Override
    public DestinationPreview preview(TablestoreDestination destination, String table, String partition, int limit) {
        if (table != null) {
            throw com.connectorservice.controlplane.api.ApiException.badRequest("table", "preview.table.single",
                    "a Tablestore connector writes only table " + destination.tableName() + "; it takes no table");
        }
        if (partition != null) {
            throw ApiException.badRequest("partition", "preview.partition.unsupported",
                    "partition applies to MaxCompute tables only; a Tablestore table has no partitions");
        }
        return TablestorePreview.read(destination, PreviewService.accessKey(destination.auth()), limit);
    }

    @Override
    public void checkAuthorization(TablestoreDestination destination, AuthorizationFindings findings) {
        findings.checkServiceLinkedRole();
    }

    @Override
    public void checkDestination(TablestoreDestination destination, Violations violations) {
        TablestoreTableCheck.check(destination, violations);
    }

    @Override
    public List<String> address(TablestoreDestination destination) {
        return Arrays.asList(type(), destination.endpoint(), destination.instanceName());
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : Choice.lower(value);
    }
}
