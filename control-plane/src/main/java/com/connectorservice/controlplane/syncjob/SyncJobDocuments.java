package com.connectorservice.controlplane.syncjob;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.connector.AuthSecrets;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.secret.SecretCipher;
import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.schedule.Schedule;
import com.connectorservice.syncjob.window.SyncWindow;
import com.connectorservice.syncjob.window.WindowTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of a job (JSON, AccessKey secret encrypted) and what follows from it: its schedule, time zone and
 * windows. Shared by the REST service, the scheduler and the dispatcher.
 */
@Component
class SyncJobDocuments {

    private final JsonMapper json;
    private final SecretCipher cipher;

    SyncJobDocuments(JsonMapper json, SecretCipher cipher) {
        this.json = json;
        this.cipher = cipher;
    }

    String store(SyncJobDefinition plain) {
        return json.writeValueAsString(mapSecret(plain, auth -> AuthSecrets.map(auth, cipher::encrypt)));
    }

    /** The stored definition with its secret decrypted, for the agents. */
    SyncJobDefinition plain(SyncJobStore.Job job) {
        return mapSecret(json.readValue(job.definition(), SyncJobDefinition.class), auth -> AuthSecrets.map(auth, cipher::decrypt));
    }

    /** The stored definition with its secret masked, for answers. */
    SyncJobDefinition masked(SyncJobStore.Job job) {
        return mask(json.readValue(job.definition(), SyncJobDefinition.class));
    }

    static SyncJobDefinition mask(SyncJobDefinition definition) {
        return mapSecret(definition, AuthSecrets::mask);
    }

    /**
     * An update that leaves the secret out (or sends the mask) keeps the stored one when the AccessKey id and the
     * MaxCompute address are unchanged, as for connectors ({@link AuthSecrets#keepStoredSecret}).
     */
    SyncJobDefinition keepStoredSecret(SyncJobDefinition update, SyncJobStore.Job stored) {
        SyncJobDefinition old = plain(stored);
        if (update.destination() == null || old.destination() == null) {
            return update;
        }
        return mapSecret(update, auth -> AuthSecrets.keepStoredSecret(auth, address(update.destination()),
                old.destination().auth(), address(old.destination())));
    }

    /** Where requests signed with the job's credentials go. */
    private static List<String> address(SyncJobDefinition.SyncDestination destination) {
        return java.util.Arrays.asList(destination.endpoint(), destination.tunnelEndpoint(), destination.project());
    }

    private static SyncJobDefinition mapSecret(SyncJobDefinition definition, java.util.function.UnaryOperator<DestinationAuth> change) {
        if (definition.destination() == null) {
            return definition;
        }
        DestinationAuth auth = change.apply(definition.destination().auth());
        return auth == definition.destination().auth() ? definition
                : definition.withDestination(definition.destination().withAuth(auth));
    }

    static ZoneId zone(SyncJobDefinition job) {
        return ZoneId.of(job.source().timeZone());
    }

    static Schedule schedule(SyncJobDefinition job) {
        return job.schedule().toSchedule();
    }

    static WindowTemplate template(SyncJobDefinition job) {
        return new WindowTemplate(job.source().startTime(), job.source().endTime(), job.destination().partition(),
                job.parameters(), zone(job));
    }

    /** The next {@code count} windows after {@code after} (scheduled time). */
    static List<WindowPreview> nextWindows(SyncJobDefinition job, Instant after, int count) {
        ZoneId zone = zone(job);
        WindowTemplate template = template(job);
        List<WindowPreview> windows = new ArrayList<>();
        for (ZonedDateTime time : schedule(job).nextTimes(after.atZone(zone), count)) {
            SyncWindow window = template.resolve(time.toLocalDateTime());
            windows.add(new WindowPreview(time.toOffsetDateTime(), offset(window.start(), zone), offset(window.end(), zone),
                    window.partitionSpec()));
        }
        return windows;
    }

    static SyncWindow window(SyncJobDefinition job, LocalDateTime scheduled, java.util.Map<String, String> given) {
        return template(job).resolve(scheduled, given);
    }

    static OffsetDateTime offset(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }

    static String message(InvalidSyncJobException e) {
        return e.violations().stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
    }
}
