package com.connectorservice.controlplane.destination.tablestore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.Direction;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.RetryStrategy;
import com.alicloud.openservices.tablestore.model.Row;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.preview.DestinationPreview;
import com.connectorservice.controlplane.preview.PreviewFailures;

/** The first rows of a wide column table (GetRange from INF_MIN, forward) through the Tablestore SDK. */
final class TablestorePreview {

    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final String SERVICE = "Tablestore";

    private TablestorePreview() {
    }

    static DestinationPreview read(TablestoreDestination destination, DestinationAuth.AccessKey key, int limit) {
        if (destination.model() == TablestoreDestination.Model.TIMESERIES) {
            throw ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination.model", "preview.model.unsupported",
                    "the data preview supports wide column tables; view time series rows in the Tablestore console");
        }
        SyncClient client = new SyncClient(destination.endpoint(), key.accessKeyId(), key.accessKeySecret(),
                destination.instanceName(), configuration());
        try {
            List<PrimaryKeySchema> primaryKey = client.describeTable(new DescribeTableRequest(destination.tableName()))
                    .getTableMeta().getPrimaryKeyList();
            RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(destination.tableName());
            criteria.setInclusiveStartPrimaryKey(bound(primaryKey, PrimaryKeyValue.INF_MIN));
            criteria.setExclusiveEndPrimaryKey(bound(primaryKey, PrimaryKeyValue.INF_MAX));
            criteria.setDirection(Direction.FORWARD);
            criteria.setMaxVersions(1);
            criteria.setLimit(limit);
            List<Row> found = client.getRange(new GetRangeRequest(criteria)).getRows();
            return aligned(primaryKey, found.size() > limit ? found.subList(0, limit) : found);
        } catch (TableStoreException e) {
            throw failure(e, destination);
        } catch (ClientException e) {
            throw PreviewFailures.unreachable(SERVICE, destination.endpoint(), e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    /** Primary key columns first, then every attribute column any row has, in first-seen order. */
    private static DestinationPreview aligned(List<PrimaryKeySchema> primaryKey, List<Row> found) {
        Set<String> attributes = new LinkedHashSet<>();
        found.forEach(row -> {
            for (Column column : row.getColumns()) {
                attributes.add(column.getName());
            }
        });
        List<String> columns = new ArrayList<>();
        primaryKey.forEach(column -> columns.add(column.getName()));
        columns.addAll(attributes);
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : found) {
            List<Object> values = new ArrayList<>();
            for (PrimaryKeyColumn column : row.getPrimaryKey().getPrimaryKeyColumns()) {
                values.add(plain(column.getValue()));
            }
            for (String attribute : attributes) {
                Column latest = row.getLatestColumn(attribute);
                values.add(latest == null ? null : plain(latest.getValue()));
            }
            rows.add(values);
        }
        return new DestinationPreview(columns, rows, null);
    }

    private static Object plain(PrimaryKeyValue value) {
        return switch (value.getType()) {
            case INTEGER -> value.asLong();
            case STRING -> value.asString();
            case BINARY -> java.util.Base64.getEncoder().encodeToString(value.asBinary());
            default -> value.toString();
        };
    }

    private static Object plain(ColumnValue value) {
        return switch (value.getType()) {
            case INTEGER -> value.asLong();
            case STRING -> value.asString();
            case DOUBLE -> value.asDouble();
            case BOOLEAN -> value.asBoolean();
            case BINARY -> java.util.Base64.getEncoder().encodeToString(value.asBinary());
            default -> value.toString();
        };
    }

    private static com.alicloud.openservices.tablestore.model.PrimaryKey bound(List<PrimaryKeySchema> primaryKey,
            PrimaryKeyValue infinity) {
        PrimaryKeyBuilder builder = PrimaryKeyBuilder.createPrimaryKeyBuilder();
        primaryKey.forEach(column -> builder.addPrimaryKeyColumn(column.getName(), infinity));
        return builder.build();
    }

    static ClientConfiguration configuration() {
        ClientConfiguration configuration = new ClientConfiguration();
        configuration.setConnectionTimeoutInMillisecond(CONNECT_TIMEOUT_MS);
        configuration.setSocketTimeoutInMillisecond(READ_TIMEOUT_MS);
        configuration.setSyncClientWaitFutureTimeoutInMillis(READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS);
        configuration.setRetryStrategy(new NoRetry());
        return configuration;
    }

    private static ApiException failure(TableStoreException e, TablestoreDestination destination) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        if (code.equals("OTSObjectNotExist")) {
            return PreviewFailures.tableMissing("destination.tableName", "table " + destination.tableName()
                    + " does not exist (yet) in instance " + destination.instanceName());
        }
        if (code.startsWith("OTSAuth") || code.equals("OTSNoPermissionAccess") || code.contains("AccessKey")
                || e.getHttpStatus() == 401 || e.getHttpStatus() == 403) {
            return PreviewFailures.authRefused(SERVICE, code);
        }
        return PreviewFailures.unreachable(SERVICE, destination.endpoint(), code + ": " + e.getMessage());
    }

    /** A preview is interactive: answer the first failure instead of retrying for tens of seconds. */
    private static final class NoRetry implements RetryStrategy {

        @Override
        public RetryStrategy clone() {
            return this;
        }

        @Override
        public int getRetries() {
            return 0;
        }

        @Override
        public long nextPause(String action, Exception e) {
            return 0;
        }
    }
}
