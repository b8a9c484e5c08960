package com.connectorservice.controlplane.failedrecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.stereotype.Service;

import com.connectorservice.contracts.sink.ErrorHeaders;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/** Lists a connector's failed records and sends chosen ones back to their source topic. */
@Service
class FailedRecordService {

    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_REPLAY = 500;
    private static final Pattern REPLAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ConnectorService connectors;
    private final InstanceService instances;
    private final KafkaClients kafka;
    private final ReplayStore replays;
    private final AuditLog audit;

    FailedRecordService(ConnectorService connectors, InstanceService instances, KafkaClients kafka, ReplayStore replays, AuditLog audit) {
        this.connectors = connectors;
        this.instances = instances;
        this.kafka = kafka;
        this.replays = replays;
        this.audit = audit;
    }

    FailedRecordPage page(String instanceId, String name, FailedRecordSource source, String cursor, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("size", "size.range", "size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        FailedRecordSource from = source == null ? FailedRecordSource.ERROR_TOPIC : source;
        String topic = topic(instanceId, name, from);
        KafkaConnection connection = instances.connection(instanceId);
        FailedRecordReader.Page page;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.reader(connection, "connector-service-failed-records")) {
            requireTopic(consumer, connection, topic, from);
            page = new FailedRecordReader(consumer, topic, kafka.timeout()).page(name, cursor, size);
        } catch (KafkaException e) {
            throw kafka.unreachable(connection, e);
        }
        Map<ReplayStore.Coordinates, java.time.Instant> replayed = replays.lastReplays(instanceId, topic, page.records().stream()
                .map(record -> new ReplayStore.Coordinates(record.partition(), record.offset())).toList());
        List<FailedRecordResponse> items = page.records().stream()
                .map(record -> response(record, replayed.get(new ReplayStore.Coordinates(record.partition(), record.offset()))))
                .toList();
        return new FailedRecordPage(topic, from, items, page.next(), page.scanned());
    }

    ReplayResponse replay(String instanceId, String name, ReplayRequest request) {
        if (request.records() == null || request.records().isEmpty()) {
            throw ApiException.badRequest("records", "records.required", "records must name at least one failed record (partition and offset)");
        }
        if (request.records().size() > MAX_REPLAY) {
            throw ApiException.badRequest("records", "records.size", "at most " + MAX_REPLAY + " records per replay, got " + request.records().size());
        }
        Set<ReplayStore.Coordinates> wanted = new LinkedHashSet<>();
        for (int i = 0; i < request.records().size(); i++) {
            ReplayRequest.FailedRecordRef record = request.records().get(i);
            if (record == null || record.partition() == null || record.partition() < 0 || record.offset() == null || record.offset() < 0) {
                throw ApiException.badRequest("records[" + i + "]", "records.coordinates",
                        "each record needs its partition and offset (0 or more) in the error topic");
            }
            wanted.add(new ReplayStore.Coordinates(record.partition(), record.offset()));
        }
        if (request.replayId() != null && !REPLAY_ID.matcher(request.replayId()).matches()) {
            throw ApiException.badRequest("replayId", "replayId.format", "replayId must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String replayId = request.replayId() == null ? UUID.randomUUID().toString() : request.replayId();
        FailedRecordSource from = request.source() == null ? FailedRecordSource.ERROR_TOPIC : request.source();
        String topic = topic(instanceId, name, from);
        KafkaConnection connection = instances.connection(instanceId);
        List<ReplayResponse.ReplayedRecord> sent = new ArrayList<>();
        List<ReplayResponse.SkippedRecord> skipped = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.reader(connection, "connector-service-replay-reader");
                KafkaProducer<byte[], byte[]> producer = kafka.idempotentProducer(connection, "connector-service-replay")) {
            requireTopic(consumer, connection, topic, from);
            FailedRecordReader reader = new FailedRecordReader(consumer, topic, kafka.timeout());
            for (ReplayStore.Coordinates coordinates : wanted) {
                ConsumerRecord<byte[], byte[]> failed = reader.at(coordinates.partition(), coordinates.offset());
                String why = whyNotReplayable(failed, name);
                if (why != null) {
                    skipped.add(new ReplayResponse.SkippedRecord(coordinates.partition(), coordinates.offset(), why));
                    continue;
                }
                String target = FailedRecordReader.text(failed, ErrorHeaders.TOPIC);
                if (!replays.claim(replayId, instanceId, topic, coordinates, name, target)) {
                    skipped.add(new ReplayResponse.SkippedRecord(coordinates.partition(), coordinates.offset(), "already replayed by this action"));
                    continue;
                }
                try {
                    RecordMetadata metadata = producer.send(toSource(failed, target, replayId, producer))
                            .get(kafka.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                    replays.sent(replayId, instanceId, topic, coordinates, metadata.partition(), metadata.offset());
                    sent.add(new ReplayResponse.ReplayedRecord(coordinates.partition(), coordinates.offset(), target,
                            metadata.partition(), metadata.offset()));
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    replays.release(replayId, instanceId, topic, coordinates);
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof UnknownTopicOrPartitionException) {
                        skipped.add(new ReplayResponse.SkippedRecord(coordinates.partition(), coordinates.offset(),
                                "topic '" + target + "' does not exist any more"));
                        continue;
                    }
                    throw kafka.unreachable(connection, cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    replays.release(replayId, instanceId, topic, coordinates);
                    throw kafka.unreachable(connection, e);
                }
            }
        } catch (KafkaException e) {
            throw kafka.unreachable(connection, e);
        } finally {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("replayId", replayId);
            details.put("topic", topic);
            details.put("requested", wanted.size());
            details.put("replayed", sent.size());
            details.put("skipped", skipped.size());
            audit.record("connector.failed-records.replay", "instances/" + instanceId + "/connectors/" + name, details);
        }
        return new ReplayResponse(replayId, topic, sent, skipped);
    }

    private String topic(String instanceId, String name, FailedRecordSource source) {
        SourceSettings settings = connectors.definition(instanceId, name).source();
        return source.topic(settings);
    }

    private void requireTopic(KafkaConsumer<byte[], byte[]> consumer, KafkaConnection connection, String topic, FailedRecordSource source) {
        if (!consumer.listTopics(kafka.timeout()).containsKey(topic)) {
            throw ApiException.notFound("source", "topic.absent", (source == FailedRecordSource.ERROR_TOPIC ? "error topic '" : "dead-letter topic '")
                    + topic + "' does not exist on instance '" + connection.instanceId() + "' (it is created when the connector is deployed)");
        }
    }

    /** Why this record cannot be sent back, or null when it can. */
    private static String whyNotReplayable(ConsumerRecord<byte[], byte[]> failed, String connector) {
        if (failed == null) {
            return "not in the topic (retention removed it, or there is no such partition or offset)";
        }
        if (!connector.equals(FailedRecordReader.text(failed, ErrorHeaders.CONNECTOR))) {
            return "not a record of connector '" + connector + "'";
        }
        if (FailedRecordReader.text(failed, ErrorHeaders.TOPIC) == null) {
            return "no " + ErrorHeaders.TOPIC + " header: the source topic is unknown";
        }
        String payload = FailedRecordReader.text(failed, ErrorHeaders.PAYLOAD);
        if (payload != null && !"complete".equals(payload)) {
            return "the report holds a " + payload + " copy of the record (" + FailedRecordReader.text(failed, ErrorHeaders.PAYLOAD_REASON)
                    + "): replaying it would send other bytes than the original";
        }
        return null;
    }

    /**
     * The original record again: its key, value and headers without the error headers, to the partition it came from
     * when the topic still has it, stamped with this action's id. A new timestamp: the original one may already be
     * past the topic's retention, and the broker would delete the record before the connector reads it.
     */
    private static ProducerRecord<byte[], byte[]> toSource(ConsumerRecord<byte[], byte[]> failed, String target, String replayId,
            KafkaProducer<byte[], byte[]> producer) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : failed.headers()) {
            if (!header.key().startsWith(ErrorHeaders.PREFIX) && !header.key().equals(ErrorHeaders.REPLAY_ID)) {
                headers.add(header.key(), header.value());
            }
        }
        headers.add(ErrorHeaders.REPLAY_ID, replayId.getBytes(StandardCharsets.UTF_8));
        Integer partition = integer(FailedRecordReader.text(failed, ErrorHeaders.PARTITION));
        if (partition != null && partition >= producer.partitionsFor(target).size()) {
            partition = null;
        }
        return new ProducerRecord<>(target, partition, null, failed.key(), failed.value(), headers);
    }

    private static FailedRecordResponse response(ConsumerRecord<byte[], byte[]> record, java.time.Instant replayedAt) {
        List<FailedRecordResponse.RecordHeader> headers = new ArrayList<>();
        List<FailedRecordResponse.RecordHeader> errorHeaders = new ArrayList<>();
        for (Header header : record.headers()) {
            boolean error = header.key().startsWith(ErrorHeaders.PREFIX) || header.key().equals(ErrorHeaders.REPLAY_ID);
            (error ? errorHeaders : headers).add(new FailedRecordResponse.RecordHeader(header.key(), RecordData.of(header.value())));
        }
        return new FailedRecordResponse(record.partition(), record.offset(), FailedRecordReader.timestamp(record),
                FailedRecordReader.text(record, ErrorHeaders.EXCEPTION_MESSAGE), FailedRecordReader.text(record, ErrorHeaders.EXCEPTION_CLASS),
                FailedRecordReader.text(record, ErrorHeaders.STAGE), FailedRecordReader.text(record, ErrorHeaders.TOPIC),
                integer(FailedRecordReader.text(record, ErrorHeaders.PARTITION)), longValue(FailedRecordReader.text(record, ErrorHeaders.OFFSET)),
                FailedRecordReader.text(record, ErrorHeaders.PAYLOAD), FailedRecordReader.text(record, ErrorHeaders.EXCEPTION_STACKTRACE),
                FailedRecordReader.text(record, ErrorHeaders.REPLAY_ID), RecordData.of(record.key()), RecordData.of(record.value()),
                headers, errorHeaders, replayedAt);
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String text) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
