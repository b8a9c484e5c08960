package com.connectorservice.controlplane.destination.maxcompute;

import static com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.*;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.controlplane.authorization.AuthorizationFindings;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.ServiceIdentity;
import com.connectorservice.controlplane.connectconfig.SinkConfigWriter;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.CredentialsMapping;
import com.connectorservice.controlplane.destination.DestinationChecks;
import com.connectorservice.controlplane.destination.DestinationSupport;
import com.connectorservice.controlplane.preview.DestinationPreview;
import com.connectorservice.controlplane.preview.PreviewService;

/**
 * A MaxCompute table as a destination: the wizard's fields checked, mapped onto the MaxCompute sink's keys (seed 001's,
 * {@link MaxComputeSinkSpec}), read back for the preview, and the RAM role checked with seed 000's grants.
 */
@Component
public class MaxComputeSupport implements DestinationSupport<MaxComputeDestination> {

    private static final Pattern PROJECT_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{2,27}");
    private static final Pattern IDENTIFIER_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}-[a-z0-9-]+");

    @Override
    public String type() {
        return MaxComputeDestination.TYPE;
    }

    @Override
    public Class<MaxComputeDestination> destinationClass() {
        return MaxComputeDestination.class;
    }

    @Override
    public void validate(MaxComputeDestination d, Violations v) {
        if (v.required("destination.endpoint", d.endpoint())) {
            DestinationChecks.url(v, "destination.endpoint", d.endpoint());
        }
        if (d.tunnelEndpoint() != null && !d.tunnelEndpoint().isBlank()) {
            DestinationChecks.url(v, "destination.tunnelEndpoint", d.tunnelEndpoint());
        }
        if (v.required("destination.project", d.project()) && !PROJECT_PATTERN.matcher(d.project()).matches()) {
            v.error("destination.project", "pattern", "project must be 3-28 letters, digits or underscores starting with a letter");
        }
        if (d.schema() != null && !IDENTIFIER_PATTERN.matcher(d.schema()).matches()) {
            v.error("destination.schema", "pattern", "schema must be letters, digits or underscores (at most 128)");
        }
        if (v.required("destination.table", d.table())
                && !IDENTIFIER_PATTERN.matcher(withPlaceholdersAsNames(d.table())).matches()) {
            v.error("destination.table", "pattern", "table must be letters, digits or underscores (at most 128), not starting"
                    + " with a digit; with format DEBEZIUM_JSON it may hold " + TABLE_PLACEHOLDER + ", " + SCHEMA_PLACEHOLDER
                    + " or " + DATABASE_PLACEHOLDER);
        }
        if (d.region() != null && !REGION_PATTERN.matcher(d.region()).matches()) {
            v.error("destination.region", "pattern", "region must be a region id such as cn-hangzhou");
        }
        DestinationChecks.auth(v, d.auth());
        if (d.auth() instanceof DestinationAuth.RamRole && (d.region() == null || d.region().isBlank())) {
            v.error("destination.region", "required", "region is required with RAM_ROLE auth (the STS token is issued per region)");
        }
        try {
            ZoneId.of(d.timeZone());
        } catch (DateTimeException e) {
            v.error("destination.timeZone", "invalid", "'" + d.timeZone() + "' is not a time zone (e.g. GMT+08:00 or Asia/Shanghai)");
        }
        DestinationChecks.positive(v, "destination.bufferSizeKb", d.bufferSizeKb());
        DestinationChecks.positive(v, "destination.sinkPoolSize", d.sinkPoolSize());
        DestinationChecks.positive(v, "destination.recordBatchSize", d.recordBatchSize());
    }

    /**
     * The table name with each change-data placeholder standing for a name, for the identifier rule; whether the format
     * allows placeholders is the sink's rule ({@link MaxComputeSinkSpec}).
     */
    private static String withPlaceholdersAsNames(String table) {
        return table.replace(TABLE_PLACEHOLDER, "t").replace(SCHEMA_PLACEHOLDER, "s").replace(DATABASE_PLACEHOLDER, "d");
    }

    @Override
    public List<ConfigProblem> writeSinkConfig(MaxComputeDestination destination, ServiceIdentity service,
            SinkConfigWriter config, Map<String, String> secrets) {
        config.putConnect(ConnectConfigMapper.CONNECTOR_CLASS, CONNECTOR_CLASS);
        config.put(ENDPOINT, destination.endpoint(), "destination.endpoint")
                .put(TUNNEL_ENDPOINT, destination.tunnelEndpoint(), "destination.tunnelEndpoint")
                .put(PROJECT, destination.project(), "destination.project")
                .put(SCHEMA, destination.schema(), "destination.schema")
                .put(TABLE, destination.table(), "destination.table")
                .put(REGION_ID, destination.region(), "destination.region")
                .put(MODE, destination.mode(), "destination.mode")
                .put(FORMAT, destination.format(), "destination.format")
                .put(PARTITION_WINDOW_TYPE, destination.partitionWindow(), "destination.partitionWindow")
                .put(PARTITION_TIME, destination.partitionTime(), "destination.partitionTime")
                .put(TIME_ZONE, destination.timeZone(), "destination.timeZone")
                .put(USE_STREAMING, destination.useStreaming(), "destination.useStreaming")
                .put(BUFFER_SIZE_KB, destination.bufferSizeKb(), "destination.bufferSizeKb")
                .put(SINK_POOL_SIZE, destination.sinkPoolSize(), "destination.sinkPoolSize")
                .put(RECORD_BATCH_SIZE, destination.recordBatchSize(), "destination.recordBatchSize");
        MaxComputeDestination.ChangeData changeData = destination.changeData();
        if (changeData != null) {
            config.put(AUTO_CREATE_TABLE, changeData.autoCreateTable(), "destination.changeData.autoCreateTable")
                    .put(BUCKETS_NUM, changeData.bucketsNum(), "destination.changeData.bucketsNum")
                    .put(COMPRESS_ALGORITHM, changeData.compressAlgorithm(), "destination.changeData.compressAlgorithm")
                    .put(TOTAL_BUFFER_SIZE, changeData.totalBufferSize(), "destination.changeData.totalBufferSize")
                    .put(BUCKET_BUFFER_SIZE, changeData.bucketBufferSize(), "destination.changeData.bucketBufferSize")
                    .put(COMMIT_THREAD_NUM, changeData.commitThreadNum(), "destination.changeData.commitThreadNum")
                    .put(FLUSH_CONCURRENT_NUM, changeData.flushConcurrentNum(),
                            "destination.changeData.flushConcurrentNum")
                    .put(QUOTA_NAME, changeData.quotaName(), "destination.changeData.quotaName");
        }
        if (destination.auth() instanceof DestinationAuth.AccessKey) {
            config.put(ACCOUNT_TYPE, AccountType.ALIYUN, "destination.auth.type");
        } else if (destination.auth() instanceof DestinationAuth.RamRole role) {
            config.put(ACCOUNT_TYPE, AccountType.STS, "destination.auth.type")
                    .put(CLIENT_TIMEOUT_MS, role.clientTimeoutMs(), "destination.auth.clientTimeoutMs");
        }
        CredentialsMapping.write(destination.auth(), STS_KEYS, service, config, secrets);
        return MaxComputeSinkSpec.problems(config.config());
    }

    @Override
    public DestinationPreview preview(MaxComputeDestination destination, String table, String partition, int limit) {
        return MaxComputePreview.read(destination, PreviewService.accessKey(destination.auth()), table, partition, limit);
    }

    @Override
    public void checkAuthorization(MaxComputeDestination destination, AuthorizationFindings findings) {
        if (destination.auth() instanceof DestinationAuth.RamRole role) {
            List<String> grants = grantStatements(destination, role);
            findings.grants(grants);
            findings.checkRole(role).flatMap(credentials -> MaxComputeGrantCheck.missing(destination, credentials, grants))
                    .ifPresent(findings::problem);
        }
    }

    /** Seed 000's minimum: CreateInstance on the project; Describe, Alter, Update on the table. */
    static List<String> grantStatements(MaxComputeDestination destination, DestinationAuth.RamRole role) {
        if (blank(role.accountId()) || blank(role.roleName()) || blank(destination.project())
                || blank(destination.table())) {
            return List.of();
        }
        String user = "`RAM$" + role.accountId() + ":role/" + role.roleName().toLowerCase(Locale.ROOT) + "`";
        return List.of("add user " + user + ";",
                "grant CreateInstance on project " + destination.project() + " to user " + user + ";",
                "grant Describe, Alter, Update on table " + destination.table() + " to user " + user + ";");
    }

    @Override
    public void checkDestination(MaxComputeDestination destination, Violations violations) {
        MaxComputeTableCheck.check(destination, violations);
    }

    @Override
    public List<String> address(MaxComputeDestination destination) {
        return Arrays.asList(type(), destination.endpoint(), destination.tunnelEndpoint(), destination.project());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
