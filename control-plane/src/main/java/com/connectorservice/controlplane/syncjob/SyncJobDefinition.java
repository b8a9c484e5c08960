package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;

import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.syncjob.mapping.ColumnMapping;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.mapping.SerializedType;
import com.connectorservice.syncjob.schedule.Schedule;
import com.connectorservice.syncjob.schedule.ScheduleType;
import com.connectorservice.syncjob.window.RecommendedParameters;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A sync job (seed 002) as the user describes it: REST body and stored document. Every field may be missing
 * on input; {@link #withDefaults()} fills in the seed's recommended values.
 */
@JsonIgnoreProperties(value = { "instanceId", "createdAt", "updatedAt", "nextRuns", "lastRun" }, allowGetters = true)
@Schema(description = "A scheduled time-window sync from a Kafka topic into MaxCompute partitions")
public record SyncJobDefinition(
        @Schema(description = "1-48 of a-z, 0-9, '-'; unique per instance", example = "orders-hourly") String name,
        String description,
        SyncSource source,
        SyncDestination destination,
        @Schema(description = "Kafka-side field to target column; default: the six fields into same-named columns")
        List<FieldMappingLine> mapping,
        @Schema(description = "Scheduling parameters the source and destination refer to with ${name}; default: seed 002's"
                + " recommendation for the schedule", example = "{\"startTime\":\"$[yyyymmddhh24-1/24]0000\","
                        + "\"endTime\":\"$[yyyymmddhh24]0000\",\"partition\":\"$[yyyymmddhh24]\"}")
        Map<String, String> parameters,
        ScheduleSettings schedule,
        RerunPolicy rerun,
        @Schema(description = "false: the scheduler leaves the job alone (trial runs and reruns still work)") Boolean enabled) {

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    public SyncJobDefinition withDefaults() {
        ScheduleSettings fullSchedule = (schedule == null ? ScheduleSettings.DEFAULT : schedule).withDefaults();
        Map<String, String> fullParameters = parameters == null || parameters.isEmpty()
                ? (fullSchedule.type() == null ? Map.of() : RecommendedParameters.forSchedule(fullSchedule.toSchedule()))
                : parameters;
        return new SyncJobDefinition(name, description, (source == null ? SyncSource.EMPTY : source).withDefaults(name),
                (destination == null ? SyncDestination.EMPTY : destination).withDefaults(),
                mapping == null || mapping.isEmpty()
                        ? FieldMapping.defaultMapping().stream().map(m -> new FieldMappingLine(m.source(), m.column())).toList()
                        : mapping,
                fullParameters, fullSchedule, (rerun == null ? RerunPolicy.DEFAULT : rerun).withDefaults(),
                enabled == null ? Boolean.TRUE : enabled);
    }

    public SyncJobDefinition withDestination(SyncDestination newDestination) {
        return new SyncJobDefinition(name, description, source, newDestination, mapping, parameters, schedule, rerun, enabled);
    }

    public SyncJobDefinition withName(String newName) {
        return new SyncJobDefinition(newName, description, source, destination, mapping, parameters, schedule, rerun, enabled);
    }

    public SyncJobDefinition withEnabled(boolean on) {
        return new SyncJobDefinition(name, description, source, destination, mapping, parameters, schedule, rerun, on);
    }

    List<ColumnMapping> columnMappings() {
        return mapping == null ? List.of() : mapping.stream().map(m -> m == null ? null : new ColumnMapping(m.source(), m.column())).toList();
    }

    @Schema(description = "Kafka side (seed 002 \"配置数据来源\")")
    public record SyncSource(
            @Schema(example = "orders") String topic,
            @Schema(description = "Consumer group id whose offsets show the job's progress; default sync-<name>") String consumerGroup,
            @Schema(description = "How the key is serialized; default STRING") SerializedType keyType,
            @Schema(description = "How the value is serialized; default STRING") SerializedType valueType,
            @Schema(description = "Encoding of STRING keys and values; default UTF-8") String encoding,
            @Schema(description = "Time zone the parameters are evaluated in; default Asia/Shanghai") String timeZone,
            @Schema(description = "Start of the window, yyyymmddhh24miss after substitution; default ${startTime}") String startTime,
            @Schema(description = "End of the window (exclusive); default ${endTime}") String endTime,
            @Schema(description = "REACH_END_OFFSETS (default) or NO_NEW_DATA (stop after noNewDataSeconds without records)")
            EndStrategy endStrategy,
            @Schema(description = "For NO_NEW_DATA; default 60 (\"1 minute without new data\")") Integer noNewDataSeconds) {

        static final SyncSource EMPTY = new SyncSource(null, null, null, null, null, null, null, null, null, null);

        SyncSource withDefaults(String jobName) {
            return new SyncSource(topic, consumerGroup == null || consumerGroup.isBlank() ? (jobName == null ? null : "sync-" + jobName)
                    : consumerGroup, keyType == null ? SerializedType.STRING : keyType,
                    valueType == null ? SerializedType.STRING : valueType, encoding == null || encoding.isBlank() ? "UTF-8" : encoding,
                    timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone,
                    startTime == null || startTime.isBlank() ? "${startTime}" : startTime,
                    endTime == null || endTime.isBlank() ? "${endTime}" : endTime,
                    endStrategy == null ? EndStrategy.REACH_END_OFFSETS : endStrategy,
                    noNewDataSeconds == null ? 60 : noNewDataSeconds);
        }
    }

    /** Seed 002 "同步结束策略". */
    public enum EndStrategy { REACH_END_OFFSETS, NO_NEW_DATA }

    @Schema(description = "MaxCompute side (seed 002 \"配置数据去向\")")
    public record SyncDestination(
            @Schema(example = "http://service.cn-hangzhou.maxcompute.aliyun.com/api") String endpoint,
            String tunnelEndpoint,
            @Schema(example = "test_project") String project,
            String schema,
            @Schema(example = "test_table") String table,
            @Schema(description = "Partition to write, column=value pairs; default ds=${partition}", example = "ds=${partition}")
            String partition,
            DestinationAuth auth) {

        static final SyncDestination EMPTY = new SyncDestination(null, null, null, null, null, null, null);

        SyncDestination withDefaults() {
            return new SyncDestination(endpoint, tunnelEndpoint, project, schema, table,
                    partition == null || partition.isBlank() ? "ds=${partition}" : partition, auth);
        }

        public SyncDestination withAuth(DestinationAuth newAuth) {
            return new SyncDestination(endpoint, tunnelEndpoint, project, schema, table, partition, newAuth);
        }
    }

    @Schema(description = "One line of the field mapping")
    public record FieldMappingLine(
            @Schema(description = "__key__, __value__, __partition__, __headers__, __offset__, __timestamp__, or a JSON path"
                    + " into the value (a.a1, c[1], d[0].AA, ['a.b'])", example = "d[0].AA", requiredMode = REQUIRED) String source,
            @Schema(requiredMode = REQUIRED, example = "aa") String column) {
    }

    @Schema(description = "Scheduling cycle (seed 002 \"调度周期\"); times of day HH:mm in the job's time zone")
    public record ScheduleSettings(ScheduleType type,
            @Schema(description = "MINUTE: minutes (1-59), HOUR: hours (1-23)") Integer interval,
            @Schema(description = "MINUTE/HOUR: first run of the day", example = "00:15") String startTime,
            @Schema(description = "MINUTE/HOUR: no run after this time of day", example = "23:59") String endTime,
            @Schema(description = "DAY/WEEK/MONTH: time of day", example = "00:15") String time,
            List<DayOfWeek> daysOfWeek,
            List<Integer> daysOfMonth) {

        static final ScheduleSettings DEFAULT = new ScheduleSettings(ScheduleType.HOUR, 1, "00:15", "23:59", null, null, null);

        ScheduleSettings withDefaults() {
            Schedule filled = toSchedule().withDefaults();
            return new ScheduleSettings(filled.type(), filled.interval(), filled.startTime(), filled.endTime(), filled.time(),
                    filled.type() == ScheduleType.WEEK ? filled.daysOfWeek() : null,
                    filled.type() == ScheduleType.MONTH ? filled.daysOfMonth() : null);
        }

        Schedule toSchedule() {
            return new Schedule(type, interval, startTime, endTime, time, daysOfWeek, daysOfMonth);
        }
    }

    @Schema(description = "Rerun on failure (seed 002 recommends on, 3 times, 2 minutes apart)")
    public record RerunPolicy(Boolean onFailure, @Schema(description = "0-10") Integer times,
            @Schema(description = "1-1800 seconds") Integer intervalSeconds) {

        static final RerunPolicy DEFAULT = new RerunPolicy(true, 3, 120);

        RerunPolicy withDefaults() {
            return new RerunPolicy(onFailure == null ? Boolean.TRUE : onFailure, times == null ? 3 : times,
                    intervalSeconds == null ? 120 : intervalSeconds);
        }

        int maxAttempts() {
            return Boolean.TRUE.equals(onFailure) ? 1 + times : 1;
        }
    }
}
