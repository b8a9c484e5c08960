package com.connectorservice.sink.maxcompute;

import static com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.*;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;

/**
 * A MaxCompute sink config, parsed once through its spec ({@link MaxComputeSinkSpec}: the keys of seed 001's
 * {@code odps-sink-connector.json}, their values and the rules between them), into typed values.
 */
public final class MaxComputeSinkConfig extends AbstractConfig {

    public final Format format;
    public final Mode mode;
    public final PartitionWindow partitionWindow;
    public final ZoneId timeZone;
    public final PartitionTime partitionTime;
    public final AccountType accountType;

    /** @throws ConfigException naming the first key at fault and the rule it breaks */
    public MaxComputeSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        List<ConfigProblem> problems = MaxComputeSinkSpec.crossFieldProblems(props);
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            throw new ConfigException(first.key(), ACCESS_KEY.equals(first.key()) ? null : props.get(first.key()),
                    first.describe());
        }
        format = Choice.parse(Format.class, FORMAT, getString(FORMAT));
        mode = Choice.parse(Mode.class, MODE, getString(MODE));
        partitionWindow = Choice.parse(PartitionWindow.class, PARTITION_WINDOW_TYPE, getString(PARTITION_WINDOW_TYPE));
        timeZone = MaxComputeSinkSpec.zone(getString(TIME_ZONE));
        partitionTime = Choice.parse(PartitionTime.class, PARTITION_TIME, getString(PARTITION_TIME));
        accountType = Choice.parse(AccountType.class, ACCOUNT_TYPE, getString(ACCOUNT_TYPE));
    }

    public String endpoint() { return getString(ENDPOINT); }
    public String tunnelEndpoint() { return blankToNull(getString(TUNNEL_ENDPOINT)); }
    public String project() { return getString(PROJECT); }
    public String schema() { return blankToNull(getString(SCHEMA)); }
    public String table() { return getString(TABLE); }
    public String accessId() { return getString(ACCESS_ID); }
    public String accountId() { return getString(ACCOUNT_ID); }
    public String regionId() { return getString(REGION_ID); }
    public String roleName() { return getString(ROLE_NAME); }
    public String stsEndpoint() { return getString(STS_ENDPOINT); }
    public Duration clientTimeout() { return Duration.ofMillis(getLong(CLIENT_TIMEOUT_MS)); }

    /** The MaxCompute user the assumed role acts as (account_type=STS), as seed 000's {@code add user} names it. */
    public String roleUser() {
        return "RAM$" + accountId() + ":role/" + roleName().toLowerCase(Locale.ROOT);
    }
    public Password accessKey() { return getPassword(ACCESS_KEY); }
    public boolean useStreaming() { return getBoolean(USE_STREAMING); }
    public long bufferBytes() { return getInt(BUFFER_SIZE_KB) * 1024L; }
    public int sinkPoolSize() { return getInt(SINK_POOL_SIZE); }
    public int recordBatchSize() { return getInt(RECORD_BATCH_SIZE); }
    public int requestTimeoutMs() { return getInt(REQUEST_TIMEOUT_MS); }
    public int maxRetries() { return getInt(MAX_RETRIES); }
    public long retryBackoffMs() { return getLong(RETRY_BACKOFF_MS); }

    /**
     * The time a record's pt is taken from: by default its timestamp rather than the clock, so a record written late
     * or again lands in the same partition as when it was produced; the clock with {@code partition_time=SYSTEM}
     * (seed 001's wording) or for a record without a timestamp.
     */
    public long partitionMillis(Long recordTimestamp, long nowMillis) {
        return partitionTime == PartitionTime.SYSTEM || recordTimestamp == null || recordTimestamp < 0
                ? nowMillis : recordTimestamp;
    }

    /** The pt of a record with this timestamp written at {@code nowMillis}. */
    public String partitionValue(Long recordTimestamp, long nowMillis) {
        return partitionValue(partitionMillis(recordTimestamp, nowMillis));
    }

    public String partitionValue(long partitionMillis) {
        return partitionWindow.partitionValue(partitionMillis, timeZone, getBoolean(USE_NEW_PARTITION_FORMAT));
    }

    public String qualifiedTable() {
        return project() + "." + (schema() == null ? "" : schema() + ".") + table();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
