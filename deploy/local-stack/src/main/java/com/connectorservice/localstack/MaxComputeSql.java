package com.connectorservice.localstack;

import java.util.Map;

import com.aliyun.odps.Instance;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.task.SQLTask;

/**
 * A minimal odpscmd for the local MaxCompute: runs one SQL statement through the real ODPS SDK and returns the
 * task's result text (CSV with a header for SELECT, one {@code pt=...} line per partition for SHOW PARTITIONS).
 */
final class MaxComputeSql {

    private final Odps odps;

    MaxComputeSql(StackSettings settings) {
        odps = new Odps(new AliyunAccount(settings.accessKeyId(), settings.accessKeySecret()));
        odps.setEndpoint(settings.maxComputeEndpoint());
        odps.setDefaultProject(settings.maxComputeProject());
    }

    /** Runs {@code statement}; a SELECT without a partition predicate needs {@code set odps.sql.allow.fullscan=true;}. */
    String run(String statement) throws OdpsException {
        String sql = statement.trim().endsWith(";") ? statement.trim() : statement.trim() + ";";
        Instance instance = SQLTask.run(odps, sql);
        instance.waitForSuccess();
        Map<String, String> results = instance.getTaskResults();
        return String.join(System.lineSeparator(), results.values()).strip();
    }
}
