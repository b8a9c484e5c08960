package com.connectorservice.sink.tablestore;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;

/**
 * Checks each destination table once per task: describes it, and when it is missing creates it
 * (auto.create) or fails naming table and instance. One describe and at most one create, so table
 * creation never loops on "table not found".
 */
public final class TableChecker {

    private static final Logger log = LoggerFactory.getLogger(TableChecker.class);

    private final TablestoreSinkConfig config;
    private final String kind;
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    /** @param kind the model's name for messages, e.g. "wide column" */
    public TableChecker(TablestoreSinkConfig config, String kind) {
        this.config = config;
        this.kind = kind;
    }

    /**
     * @param describe throws the SDK's OTSObjectNotExist when the table is missing
     * @param create creates the table
     */
    public void ensure(String table, Runnable describe, Runnable create) {
        if (checked.contains(table)) {
            return;
        }
        try {
            describe.run();
        } catch (TableStoreException e) {
            if (!"OTSObjectNotExist".equals(e.getErrorCode())) {
                throw e;
            }
            if (!config.autoCreate()) {
                throw new ConnectException("The " + kind + " table '" + table + "' does not exist in Tablestore instance '"
                        + config.instanceName() + "' and " + TablestoreSinkSpec.AUTO_CREATE + " is false");
            }
            try {
                create.run();
                log.info("Created {} table {}", kind, table);
            } catch (TableStoreException created) {
                if (!"OTSObjectAlreadyExist".equals(created.getErrorCode())) {
                    throw created;
                }
                // another task created it at the same time
            }
        }
        checked.add(table);
    }

    public void forget(String table) {
        checked.remove(table);
    }
}
