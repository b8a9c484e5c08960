package com.connectorservice.controlplane.syncjob;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.DestinationChecks;
import com.connectorservice.controlplane.kafka.TopicNames;
import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.Violation;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.table.TargetTableDdl;
import com.connectorservice.syncjob.window.WindowTemplate;

/**
 * Every rule of a sync job definition (after {@link SyncJobDefinition#withDefaults()}), each violation naming the
 * JSON path of the field and the rule. Expressions, schedules, windows and the mapping are checked by the pure
 * model the agents and the scheduler use, so what passes here also runs.
 */
final class SyncJobValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z][A-Za-z0-9_]{2,27}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private SyncJobValidator() {
    }

    /** The topic's name against Kafka's rule (a broker answers a bad one with an error, not "no such topic"). */
    static Optional<FieldViolation> topic(String field, String topic) {
        return TopicNames.isLegal(topic) ? Optional.empty() : Optional.of(new FieldViolation(field, field + ".pattern",
                field + " must be a Kafka topic name (" + TopicNames.RULE + ")"));
    }

    static Optional<FieldViolation> encoding(String field, String encoding) {
        try {
            Charset.forName(encoding);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new FieldViolation(field, field + ".unknown", field + " '" + encoding
                    + "' is not a character set this service knows (e.g. UTF-8, GBK)"));
        }
    }

    static List<FieldViolation> validate(SyncJobDefinition job) {
        List<FieldViolation> errors = new ArrayList<>();
        if (job.name() == null || !NAME.matcher(job.name()).matches()) {
            errors.add(new FieldViolation("name", "name.pattern",
                    "name must be 1-48 characters of a-z, 0-9 and '-', not starting with '-'"));
        }
        SyncJobDefinition.SyncSource source = job.source();
        topic("source.topic", source.topic()).ifPresent(errors::add);
        if (source.consumerGroup() == null || source.consumerGroup().isBlank() || source.consumerGroup().length() > 249) {
            errors.add(new FieldViolation("source.consumerGroup", "source.consumerGroup.required",
                    "source.consumerGroup is required (at most 249 characters), unique on the Kafka cluster"));
        }
        ZoneId zone = zone(source.timeZone(), errors);
        encoding("source.encoding", source.encoding()).ifPresent(errors::add);
        if (source.noNewDataSeconds() < 1 || source.noNewDataSeconds() > 3600) {
            errors.add(new FieldViolation("source.noNewDataSeconds", "source.noNewDataSeconds.range",
                    "source.noNewDataSeconds must be 1 to 3600, got " + source.noNewDataSeconds()));
        }
        destination(job.destination(), errors);
        try {
            FieldMapping.of(job.columnMappings());
        } catch (InvalidSyncJobException e) {
            add(errors, e.violations(), "");
        }
        List<Violation> schedule = job.schedule().toSchedule().violations();
        add(errors, schedule, "schedule");
        if (zone != null) {
            add(errors, new WindowTemplate(source.startTime(), source.endTime(), job.destination().partition(), job.parameters(),
                    zone).violations(), "");
        }
        SyncJobDefinition.RerunPolicy rerun = job.rerun();
        if (rerun.times() < 0 || rerun.times() > 10) {
            errors.add(new FieldViolation("rerun.times", "rerun.times.range", "rerun.times must be 0 to 10, got " + rerun.times()));
        }
        if (rerun.intervalSeconds() < 1 || rerun.intervalSeconds() > 1800) {
            errors.add(new FieldViolation("rerun.intervalSeconds", "rerun.intervalSeconds.range",
                    "rerun.intervalSeconds must be 1 to 1800 (30 minutes), got " + rerun.intervalSeconds()));
        }
        return errors;
    }

    static ZoneId zone(String timeZone, List<FieldViolation> errors) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            errors.add(new FieldViolation("source.timeZone", "source.timeZone.unknown", "source.timeZone '" + timeZone
                    + "' is not a time zone id such as Asia/Shanghai or UTC+08:00"));
            return null;
        }
    }

    private static void destination(SyncJobDefinition.SyncDestination destination, List<FieldViolation> errors) {
        if (destination.endpoint() == null || !destination.endpoint().matches("https?://\\S+")) {
            errors.add(new FieldViolation("destination.endpoint", "destination.endpoint.url",
                    "destination.endpoint must be the MaxCompute endpoint URL, e.g. http://service.cn-hangzhou.maxcompute.aliyun.com/api"));
        }
        if (destination.tunnelEndpoint() != null && !destination.tunnelEndpoint().isBlank()
                && !destination.tunnelEndpoint().matches("https?://\\S+")) {
            errors.add(new FieldViolation("destination.tunnelEndpoint", "destination.tunnelEndpoint.url",
                    "destination.tunnelEndpoint must be a URL or left empty (the tunnel is then found through the project)"));
        }
        if (destination.project() == null || !PROJECT.matcher(destination.project()).matches()) {
            errors.add(new FieldViolation("destination.project", "destination.project.pattern",
                    "destination.project must be a MaxCompute project name (3-28 of letters, digits, '_', starting with a letter)"));
        }
        if (destination.table() == null || !IDENTIFIER.matcher(destination.table()).matches()) {
            errors.add(new FieldViolation("destination.table", "destination.table.pattern",
                    "destination.table must be a MaxCompute table name (letters, digits, '_')"));
        }
        try {
            TargetTableDdl.partitionColumns(destination.partition());
        } catch (InvalidSyncJobException e) {
            add(errors, e.violations(), "");
        }
        Violations auth = new Violations();
        DestinationChecks.auth(auth, destination.auth());
        errors.addAll(auth.errors());
    }

    private static void add(List<FieldViolation> errors, List<Violation> violations, String prefix) {
        for (Violation v : violations) {
            String field = prefix.isEmpty() ? v.field() : v.field() == null || v.field().isEmpty() ? prefix : prefix + "." + v.field();
            errors.add(new FieldViolation(field, v.rule(), v.message()));
        }
    }
}
