package com.connectorservice.sink.tablestore.batch;

import java.util.Set;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.TableStoreException;

/** Which Tablestore errors pass with time, which stop the task, and which are the record's fault. */
public final class TablestoreErrors {

    public static final String TABLE_MISSING = "OTSObjectNotExist";

    private static final Set<String> TRANSIENT = Set.of("OTSServerBusy", "OTSTimeout", "OTSInternalServerError",
            "OTSServerUnavailable", "OTSPartitionUnavailable", "OTSTableNotReady", "OTSRowOperationConflict",
            "OTSNotEnoughCapacityUnit", "OTSQuotaExhausted", "OTSRequestTimeout", "OTSTunnelServerUnavailable");

    private static final Set<String> FATAL = Set.of("OTSAuthFailed", "OTSNoPermissionAccess", "OTSAccessDenied",
            TABLE_MISSING);

    private TablestoreErrors() {
    }

    public static boolean isTransient(String code) {
        return TRANSIENT.contains(code);
    }

    public static boolean isTransient(RuntimeException e) {
        if (e instanceof ClientException) {
            return true; // network errors and timeouts; every write of this sink is idempotent
        }
        return e instanceof TableStoreException ots && (isTransient(ots.getErrorCode()) || ots.getHttpStatus() >= 500);
    }

    /** Errors about the sink's set-up (credentials, permissions, table), not about a record. */
    public static boolean isFatal(String code) {
        return FATAL.contains(code);
    }

    public static boolean isFatal(RuntimeException e) {
        return e instanceof TableStoreException ots
                && (isFatal(ots.getErrorCode()) || ots.getHttpStatus() == 401 || ots.getHttpStatus() == 403);
    }

    public static String describe(RuntimeException e) {
        if (e instanceof TableStoreException ots) {
            return ots.getErrorCode() + ": " + ots.getMessage() + " (request " + ots.getRequestId() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
