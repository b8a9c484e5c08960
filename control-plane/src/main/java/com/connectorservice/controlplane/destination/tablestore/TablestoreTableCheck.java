package com.connectorservice.controlplane.destination.tablestore;

import java.util.List;
import java.util.Locale;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyType;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination.PrimaryKeyColumn;

/**
 * Before deploy: a wide column table read with the connector's AccessKey (real Tablestore SDK) and its primary key
 * compared with the one the sink writes (the sink refuses the same mismatch when a task starts). A missing table is an
 * error unless the connector creates it ({@code autoCreateTable}); refused credentials are an error at the AccessKey;
 * an endpoint the control plane cannot reach is a warning.
 */
final class TablestoreTableCheck {

    private TablestoreTableCheck() {
    }

    static void check(TablestoreDestination d, Violations v) {
        if (!(d.auth() instanceof DestinationAuth.AccessKey key) || d.model() == TablestoreDestination.Model.TIMESERIES
                || d.tableName().contains("{")) {
            return;
        }
        SyncClient client = new SyncClient(d.endpoint(), key.accessKeyId(), key.accessKeySecret(), d.instanceName(),
                TablestorePreview.configuration());
        try {
            List<PrimaryKeySchema> actual = client.describeTable(new DescribeTableRequest(d.tableName())).getTableMeta()
                    .getPrimaryKeyList();
            List<String> expected = expected(d);
            List<String> found = actual.stream().map(pk -> pk.getName() + " " + pk.getType()).toList();
            if (!found.equals(expected)) {
                v.error("destination.primaryKeyColumns", "matchesTable", "table '" + d.tableName() + "' has primary key "
                        + found + " but primary key mode " + d.primaryKeyMode() + " writes " + expected + ": list the"
                        + " table's key columns in order (mode RECORD_KEY or RECORD_VALUE), or choose another table");
            }
        } catch (TableStoreException e) {
            String code = e.getErrorCode() == null ? "" : e.getErrorCode();
            if (code.equals("OTSObjectNotExist")) {
                if (!Boolean.TRUE.equals(d.autoCreateTable())) {
                    v.error("destination.tableName", "exists", "table '" + d.tableName() + "' does not exist in instance '"
                            + d.instanceName() + "': turn on autoCreateTable and the connector creates it with primary"
                            + " key " + expected(d) + ", or create it so in the Tablestore console");
                }
            } else if (code.startsWith("OTSAuth") || code.equals("OTSNoPermissionAccess") || code.contains("AccessKey")
                    || e.getHttpStatus() == 401 || e.getHttpStatus() == 403) {
                v.error("destination.auth.accessKeyId", "refused", "Tablestore instance '" + d.instanceName() + "' at "
                        + d.endpoint() + " refused this AccessKey (" + code + "): check the AccessKey id and secret");
            } else {
                v.warning("destination.tableName", "unchecked", "Tablestore answered " + code + " when asked for table '"
                        + d.tableName() + "', so it was not checked: " + e.getMessage());
            }
        } catch (ClientException e) {
            v.warning("destination.endpoint", "unreachable", "the control plane cannot reach " + d.endpoint() + " ("
                    + e.getMessage() + "), so the table was not checked; if the workers cannot reach it either, the"
                    + " connector will fail: check the endpoint and the instance's network");
        } finally {
            client.shutdown();
        }
    }

    /** The primary key the sink writes, as "name TYPE". */
    private static List<String> expected(TablestoreDestination d) {
        if (d.primaryKeyMode() == PrimaryKeyMode.KAFKA) {
            return List.of(TablestoreSinkSpec.KAFKA_PK_TOPIC_PARTITION + " STRING", TablestoreSinkSpec.KAFKA_PK_OFFSET + " INTEGER");
        }
        return d.primaryKeyColumns().stream().map(TablestoreTableCheck::describe).toList();
    }

    private static String describe(PrimaryKeyColumn column) {
        PrimaryKeyType type = column.type() == null ? PrimaryKeyType.STRING : column.type();
        return column.name() + " " + type.name().toUpperCase(Locale.ROOT);
    }
}
