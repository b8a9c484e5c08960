package com.connectorservice.sink.maxcompute;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;

import com.aliyun.odps.NoSuchObjectException;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.Instance;
import com.aliyun.odps.account.Account;
import com.aliyun.odps.account.AklessAccount;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.task.SQLTask;
import com.aliyun.odps.utils.NameSpaceSchemaUtils;
import com.aliyun.odps.rest.RestClient;
import com.aliyun.odps.tunnel.Configuration;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.AccountType;

/**
 * The target table as this task sees it: one SDK client with the configured timeouts, the table's
 * schema, and {@code pt} partitions created once each. Partition creation is per table and per value
 * (concurrent creations of different partitions run in parallel), never a JVM-wide lock.
 */
public final class MaxComputeTable {

    /**
     * Snappy (native): measured on this project's benchmark rows, about the CPU of no compression and 30% less than
     * zlib or the SDK's LZ4 frames, while still shrinking text on the wire; the tunnel (and the emulator) accept it
     * as {@code Content-Encoding: x-snappy-framed}.
     */
    static final CompressOption COMPRESSION = new CompressOption(CompressOption.CompressAlgorithm.ODPS_SNAPPY, 1, 0);

    /**
     * The tunnel's retry handler ignores the configured policy for 5xx answers and throttling (it waits up to 64 s
     * each time, forever for throttling) but tells its retry logger before each wait: the logger interrupts the
     * calling thread, so the SDK rethrows the error at once and {@link Retry} decides.
     */
    private static final RestClient.RetryLogger NO_SDK_BACKOFF = new RestClient.RetryLogger() {
        @Override
        public void onRetryLog(Throwable e, long retryCount, long retrySleepTime) {
            Thread.currentThread().interrupt();
        }
    };

    private final MaxComputeSinkConfig config;
    private final Odps odps;
    private final TableTunnel tunnel;
    private final Map<String, CompletableFuture<Void>> partitions = new ConcurrentHashMap<>();
    private final AssumedRoleCredentials roleCredentials;

    public MaxComputeTable(MaxComputeSinkConfig config) {
        this.config = config;
        Account account;
        if (config.accountType == AccountType.STS) {
            // The SDK asks the provider for credentials on every request it signs, so renewals need no new client.
            roleCredentials = new AssumedRoleCredentials(config);
            account = new AklessAccount(roleCredentials);
        } else {
            roleCredentials = null;
            account = new AliyunAccount(config.accessId(), config.accessKey().value());
        }
        odps = new Odps(account);
        odps.setEndpoint(config.endpoint());
        odps.setDefaultProject(config.project());
        if (config.schema() != null) {
            odps.setCurrentSchema(config.schema());
        }
        int timeoutSeconds = Math.max(1, config.requestTimeoutMs() / 1000);
        odps.getRestClient().setConnectTimeout(timeoutSeconds);
        odps.getRestClient().setReadTimeout(timeoutSeconds);
        // Retry (bounded, jittered back-off, reported as destination metrics) wraps every call: the SDK's own
        // retries would stack under it and hold a writer thread for minutes (the tunnel waits 1+2+...+64 s on a 5xx).
        odps.getRestClient().setRetryTimes(0);
        tunnel = new TableTunnel(odps, Configuration.builder(odps).withRetryLogger(NO_SDK_BACKOFF).build());
        tunnel.getConfig().setSocketConnectTimeout(timeoutSeconds);
        tunnel.getConfig().setSocketTimeout(timeoutSeconds);
        tunnel.getConfig().setSocketRetryTimes(0);
        if (config.tunnelEndpoint() != null) {
            tunnel.setEndpoint(config.tunnelEndpoint());
        }
    }

    /** Loads the schema; a missing table is reported by name. */
    TableSchema schema() {
        try {
            Table table = table();
            table.reload();
            return table.getSchema();
        } catch (NoSuchObjectException e) {
            throw new ConnectException("Table " + config.qualifiedTable() + " does not exist: create it first (see"
                    + " the table shapes for format " + config.format + ")", e);
        } catch (OdpsException e) {
            throw withAdvice(new ConnectException("Cannot read table " + config.qualifiedTable() + " at "
                    + config.endpoint() + ": " + e.getMessage(), e));
        }
    }

    /**
     * With a RAM role, a permission MaxCompute refused is named with the statement that grants it, so the task's
     * status tells the user what to run; other failures are returned unchanged.
     */
    public ConnectException withAdvice(ConnectException failure) {
        if (roleCredentials == null) {
            return failure;
        }
        return PermissionAdvice.of(failure, config.roleUser())
                .map(advice -> new ConnectException(advice + " (" + failure.getMessage() + ")", failure))
                .orElse(failure);
    }

    public void close() {
        if (roleCredentials != null) {
            roleCredentials.close();
        }
    }

    Table table() {
        return odps.tables().get(config.project(), config.schema(), config.table());
    }

    public Odps odps() {
        return odps;
    }

    public TableTunnel tunnel() {
        return tunnel;
    }

    MaxComputeSinkConfig config() {
        return config;
    }

    static PartitionSpec spec(String pt) {
        PartitionSpec spec = new PartitionSpec();
        spec.set(RowConverter.PT, pt);
        return spec;
    }

    /**
     * ALTER TABLE ... ADD IF NOT EXISTS PARTITION, waiting at most request_timeout_ms for the SQL instance
     * ({@code Table.createPartition} would wait for it without limit).
     */
    private void addPartition(String pt) throws OdpsException, InterruptedException, TimeoutException {
        // pt comes from PartitionWindow's fixed digit formats: no quoting to escape.
        String sql = "ALTER TABLE " + NameSpaceSchemaUtils.getFullName(config.project(), config.schema(), config.table())
                + " ADD IF NOT EXISTS PARTITION (" + RowConverter.PT + "='" + pt + "');";
        Instance instance = SQLTask.run(odps, config.project(), sql, "SQLAddPartitionTask",
                NameSpaceSchemaUtils.setSchemaFlagInHints(null, config.schema()), null);
        long deadline = System.nanoTime() + config.requestTimeoutMs() * 1_000_000L;
        while (!instance.isTerminated()) {
            if (System.nanoTime() > deadline) {
                instance.stop();
                throw new TimeoutException("Creating partition pt='" + pt + "' of " + config.qualifiedTable()
                        + " did not finish within " + config.requestTimeoutMs() + " ms (instance " + instance.getId() + ")");
            }
            Thread.sleep(50);
        }
        instance.waitForSuccess(); // terminated: returns at once, or throws with the SQL error
    }

    /** Makes sure partition {@code pt} exists; concurrent callers for the same value wait for one creation. */
    void ensurePartition(String pt) throws Exception {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = partitions.putIfAbsent(pt, mine);
        if (existing != null) {
            try {
                existing.get();
                return;
            } catch (ExecutionException e) {
                partitions.remove(pt, existing);
                throw (Exception) e.getCause();
            }
        }
        try {
            if (!table().hasPartition(spec(pt))) {
                addPartition(pt);
            }
            mine.complete(null);
        } catch (Exception e) {
            partitions.remove(pt, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
