package com.connectorservice.sink.tablestore.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.TableStoreException;

/** The batching, ordering and retry rules, against a scripted request in place of Tablestore. */
class ParallelBatchWriterTest {

    /** A row: its primary key and its position in the input. */
    record Row(String key, int sequence) {
    }

    private static List<PendingRow<Row>> rows(List<String> keys) {
        List<PendingRow<Row>> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SinkRecord record = new SinkRecord("t", 0, null, keys.get(i), null, null, i);
            rows.add(new PendingRow<>(record, "table", keys.get(i), new Row(keys.get(i), i), 100));
        }
        return rows;
    }

    private static ParallelBatchWriter.Batch<Row> batch(List<String> keys) {
        return new ParallelBatchWriter.Batch<>(rows(keys));
    }

    private static ParallelBatchWriter<Row> writer(BatchCall<Row> call, long retryTimeoutMs) {
        return new ParallelBatchWriter<>(call, 200, 4_000_000, 4, retryTimeoutMs, 1, 1_000, "test");
    }

    @Test
    void aBatchSharesARowWithAnEarlierOneOnlyWhenBothHaveARowOfTheSameTableAndKey() {
        ParallelBatchWriter.Batch<Row> earlier = batch(List.of("a", "b", "c"));
        assertThat(batch(List.of("d", "c")).sharesARowWith(earlier)).isTrue();
        assertThat(batch(List.of("d", "e")).sharesARowWith(earlier)).isFalse();
        SinkRecord record = new SinkRecord("t", 0, null, "a", null, null, 0);
        PendingRow<Row> otherTable = new PendingRow<>(record, "other_table", "a", new Row("a", 0), 100);
        assertThat(new ParallelBatchWriter.Batch<>(List.of(otherTable)).sharesARowWith(earlier)).isFalse();
    }

    @Test
    void requestsHoldAtMost200RowsAndNeverTwoChangesOfOneRowAndKeepEachRowsOrder() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add("k" + (i % 300));
        }
        List<List<Row>> requests = Collections.synchronizedList(new ArrayList<>());
        try (ParallelBatchWriter<Row> writer = writer((table, batch) -> {
            requests.add(List.copyOf(batch));
            return List.of();
        }, 10_000)) {
            assertThat(writer.write(batch(keys))).isEmpty();
        }
        assertThat(requests).allSatisfy(batch -> {
            assertThat(batch.size()).isLessThanOrEqualTo(200);
            assertThat(new HashSet<>(batch.stream().map(Row::key).toList())).hasSameSizeAs(batch);
        });
        Map<String, List<Integer>> sequencesByKey = new HashMap<>();
        requests.forEach(batch -> batch.forEach(row ->
                sequencesByKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.sequence())));
        assertThat(sequencesByKey.values().stream().mapToInt(List::size).sum()).isEqualTo(1_000);
        assertThat(sequencesByKey.values()).allSatisfy(sequences -> assertThat(sequences).isSorted());
    }

    @Test
    void onlyTheRowsThatFailedTransientlyAreSentAgain() {
        List<List<Row>> requests = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        try (ParallelBatchWriter<Row> writer = new ParallelBatchWriter<>((table, batch) -> {
            requests.add(List.copyOf(batch));
            return calls.incrementAndGet() == 1
                    ? List.of(new BatchCall.RowError(1, "OTSServerBusy", "busy"), new BatchCall.RowError(2, "OTSConditionCheckFail", "no"))
                    : List.of();
        }, 200, 4_000_000, 1, 10_000, 1, 1_000, "test")) {
            List<FailedRow> failed = writer.write(batch(List.of("a", "b", "c", "d")));
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.record().kafkaOffset()).isEqualTo(2);
                assertThat(f.reason()).hasMessageContaining("OTSConditionCheckFail");
            });
        }
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).extracting(Row::key).containsExactly("b");
    }

    @Test
    void aRequestRefusedForItsContentIsSplitToFindTheOffendingRow() {
        try (ParallelBatchWriter<Row> writer = writer((table, batch) -> {
            if (batch.stream().anyMatch(row -> row.key().equals("bad"))) {
                throw new TableStoreException("Invalid column name", "OTSParameterInvalid");
            }
            return List.of();
        }, 10_000)) {
            List<FailedRow> failed = writer.write(batch(List.of("a", "bad", "c", "d", "e", "f", "g")));
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.record().key()).isEqualTo("bad");
                assertThat(f.reason()).hasMessageContaining("OTSParameterInvalid").hasMessageContaining("Invalid column name");
            });
        }
    }

    @Test
    void transientErrorsOutlastingTheRetryBudgetHandTheBatchBackToConnect() {
        AtomicInteger attempts = new AtomicInteger();
        try (ParallelBatchWriter<Row> writer = writer((table, batch) -> {
            attempts.incrementAndGet();
            throw new ClientException("connection refused");
        }, 300)) {
            assertThatThrownBy(() -> writer.write(batch(List.of("a"))))
                    .isInstanceOf(RetriableException.class).hasMessageContaining("connection refused");
        }
        assertThat(attempts.get()).isGreaterThan(1);
    }

    @Test
    void refusedCredentialsStopTheTaskInsteadOfFailingRecords() {
        try (ParallelBatchWriter<Row> writer = writer((table, batch) -> {
            throw new TableStoreException("The AccessKeyId is invalid", "OTSAuthFailed");
        }, 10_000)) {
            assertThatThrownBy(() -> writer.write(batch(List.of("a", "b"))))
                    .isInstanceOf(TableUnavailableException.class).hasMessageContaining("OTSAuthFailed");
        }
    }
}
