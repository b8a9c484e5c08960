package com.connectorservice.controlplane.failedrecord;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The records each replay action sent (table of V181). */
@Repository
class ReplayStore {

    record Coordinates(int partition, long offset) {
    }

    private final JdbcTemplate jdbc;

    ReplayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the record for this action; false when the action already sent it. */
    boolean claim(String replayId, String instanceId, String errorTopic, Coordinates record, String connector, String targetTopic) {
        return jdbc.update("insert into failed_record_replay (replay_id, instance_id, error_topic, error_partition, error_offset,"
                + " connector_name, target_topic, replayed_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                replayId, instanceId, errorTopic, record.partition(), record.offset(), connector, targetTopic,
                Timestamp.from(Instant.now())) == 1;
    }

    /** The send failed: the claim goes, so the action may be retried. */
    void release(String replayId, String instanceId, String errorTopic, Coordinates record) {
        jdbc.update("delete from failed_record_replay where replay_id = ? and instance_id = ? and error_topic = ?"
                + " and error_partition = ? and error_offset = ?", replayId, instanceId, errorTopic, record.partition(), record.offset());
    }

    void sent(String replayId, String instanceId, String errorTopic, Coordinates record, int partition, long offset) {
        jdbc.update("update failed_record_replay set target_partition = ?, target_offset = ?, replayed_at = ? where replay_id = ?"
                + " and instance_id = ? and error_topic = ? and error_partition = ? and error_offset = ?", partition, offset,
                Timestamp.from(Instant.now()), replayId, instanceId, errorTopic, record.partition(), record.offset());
    }

    /** When each of these records was last replayed. */
    Map<Coordinates, Instant> lastReplays(String instanceId, String errorTopic, List<Coordinates> records) {
        Map<Coordinates, Instant> replays = new HashMap<>();
        if (records.isEmpty()) {
            return replays;
        }
        String placeholders = String.join(",", java.util.Collections.nCopies(records.size(), "(?, ?)"));
        Object[] args = new Object[2 + records.size() * 2];
        args[0] = instanceId;
        args[1] = errorTopic;
        for (int i = 0; i < records.size(); i++) {
            args[2 + i * 2] = records.get(i).partition();
            args[3 + i * 2] = records.get(i).offset();
        }
        jdbc.query("select error_partition, error_offset, max(replayed_at) from failed_record_replay where instance_id = ?"
                + " and error_topic = ? and target_offset is not null and (error_partition, error_offset) in (" + placeholders
                + ") group by error_partition, error_offset", rs -> {
                    replays.put(new Coordinates(rs.getInt(1), rs.getLong(2)), rs.getTimestamp(3).toInstant());
                }, args);
        return replays;
    }
}
