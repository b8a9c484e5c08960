package com.connectorservice.sink.tablestore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.common.DestinationMetrics;
import com.connectorservice.sink.tablestore.batch.FailedRow;
import com.connectorservice.sink.tablestore.batch.ParallelBatchWriter;
import com.connectorservice.sink.tablestore.batch.PendingRow;
import com.connectorservice.sink.tablestore.batch.TableUnavailableException;
import com.connectorservice.sink.tablestore.batch.TablestoreErrors;

/** Turns records into rows of one destination model and writes them; one per task. */
final class RecordWriter<R> implements AutoCloseable {

    private final TablestoreSinkConfig config;
    private final DestinationModel<R> model;
    private final ParallelBatchWriter<R> writer;
    private final AutoCloseable client;
    private final DestinationMetrics destination;

    RecordWriter(TablestoreSinkConfig config, DestinationModel<R> model, AutoCloseable client, String taskName,
                 DestinationMetrics destination) {
        this.config = config;
        this.model = model;
        this.client = client;
        this.destination = destination;
        this.writer = new ParallelBatchWriter<>(model.batchCall(), config.batchMaxRows(),
                TablestoreSinkSpec.MAX_BYTES_PER_REQUEST - 64 * 1024, config.maxConcurrency(),
                config.retryTimeoutMs(), config.retryBackoffMs(), config.requestTimeoutMs(), taskName + "-writer",
                destination);
    }

    /** A batch's rows and the records that can never be rows, with the reason. */
    final class Prepared {
        private final ParallelBatchWriter.Batch<R> rows;
        private final List<FailedRow> failed;

        private Prepared(List<PendingRow<R>> rows, List<FailedRow> failed) {
            this.rows = new ParallelBatchWriter.Batch<>(rows);
            this.failed = failed;
        }

        /** Whether a row of this batch is one of {@code earlier}'s: it must then be written after it. */
        boolean sharesARowWith(RecordWriter<?>.Prepared earlier) {
            return rows.sharesARowWith(earlier.rows);
        }

        /**
         * Writes the batch and returns once Tablestore acknowledged each row or refused it for good, with the records
         * that can never be written and the reason. Batches may be written at once only when neither shares a row
         * with the other.
         */
        List<FailedRow> write() {
            List<FailedRow> refused = new ArrayList<>(failed);
            try {
                refused.addAll(writer.write(rows));
            } catch (TableUnavailableException e) {
                if (e.tableMissing() && config.autoCreate()) {
                    model.forgetTable(e.table()); // dropped while we ran: create it again on the next attempt
                    throw new RetriableException(e.getMessage(), e);
                }
                throw e;
            }
            return refused;
        }
    }

    /**
     * Converts the records (the task's thread does this while earlier rows are being written) into a batch for
     * {@link Prepared#write}.
     */
    Prepared prepare(Collection<SinkRecord> records) {
        List<FailedRow> failed = new ArrayList<>();
        List<PendingRow<R>> rows = new ArrayList<>(records.size());
        String topic = null;
        String table = null;
        for (SinkRecord record : records) {
            // records come in runs per topic partition: the table is looked up (and checked) when the topic changes
            if (!record.topic().equals(topic)) {
                topic = record.topic();
                String next = config.tableName(topic);
                if (!next.equals(table)) {
                    ensureTable(next);
                    table = next;
                }
            }
            try {
                rows.add(model.toRow(record, table));
            } catch (UnwritableRecordException e) {
                failed.add(new FailedRow(record, e));
            }
        }
        return new Prepared(rows, failed);
    }

    private void ensureTable(String table) {
        try {
            model.ensureTable(table);
        } catch (ConnectException e) {
            throw e;
        } catch (RuntimeException e) {
            if (TablestoreErrors.isTransient(e)) {
                // a task started during an outage waits here (Connect puts the records again): say so, as writes do
                destination.retrying(e);
                throw new RetriableException("Could not reach Tablestore to check table '" + table + "': "
                        + TablestoreErrors.describe(e), e);
            }
            throw new ConnectException("Could not check or create table '" + table + "': " + TablestoreErrors.describe(e), e);
        }
    }

    @Override
    public void close() throws Exception {
        writer.close();
        client.close();
    }
}
