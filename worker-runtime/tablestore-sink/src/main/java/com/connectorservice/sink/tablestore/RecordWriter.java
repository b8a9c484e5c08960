package com.connectorservice.sink.tablestore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

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

    /**
     * Converts the records (the task's thread does this while the previous rows are being written) and answers the
     * write of their rows, which returns once Tablestore acknowledged each row or refused it for good, with the
     * records that can never be written and the reason.
     */
    Callable<List<FailedRow>> prepare(Collection<SinkRecord> records) {
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
        return () -> write(rows, failed);
    }

    private List<FailedRow> write(List<PendingRow<R>> rows, List<FailedRow> failed) {
        try {
            failed.addAll(writer.write(rows));
        } catch (TableUnavailableException e) {
            if (e.tableMissing() && config.autoCreate()) {
                model.forgetTable(e.table()); // dropped while we ran: create it again on the next attempt
                throw new RetriableException(e.getMessage(), e);
            }
            throw e;
        }
        return failed;
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
