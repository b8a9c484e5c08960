package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every instance's tables, rebuilt from the journal in the data directory at startup. */
final class Store implements AutoCloseable {
    static final byte CREATE_TABLE = 1;
    static final byte DELETE_TABLE = 2;
    static final byte ROW = 3;
    static final byte CREATE_TIMESERIES_TABLE = 4;
    static final byte DELETE_TIMESERIES_TABLE = 5;
    static final byte TIMESERIES_ROW = 6;
    static final byte TIMESERIES_META = 7;

    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Journal journal;

    private Store(Path directory, boolean fsync) throws IOException {
        this.journal = Journal.open(directory, fsync, this::replay, this::snapshotTo);
        instances.values().forEach(instance -> instance.journalTo(journal));
    }

    static Store open(Path directory, boolean fsync) throws IOException {
        return new Store(directory, fsync);
    }

    Instance instance(String name) {
        return instances.computeIfAbsent(name, key -> {
            Instance created = new Instance(key);
            if (journal != null) {
                created.journalTo(journal);
            }
            return created;
        });
    }

    Map<String, Instance> instances() {
        return instances;
    }

    void flush() {
        journal.flush();
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private void replay(Journal.Entry entry) {
        byte[][] fields = entry.fields();
        Instance instance = instance(utf8(fields[0]));
        try {
            switch (entry.type()) {
                case CREATE_TABLE:
                    instance.restoreTable(OtsInternalApi.CreateTableRequest.parseFrom(fields[1]),
                            ByteBuffer.wrap(fields[2]).getLong());
                    break;
                case DELETE_TABLE:
                    instance.restoreTableDeletion(utf8(fields[1]));
                    break;
                case ROW:
                    instance.restoreRow(utf8(fields[1]), fields[2]);
                    break;
                case CREATE_TIMESERIES_TABLE:
                    instance.restoreTimeseriesTable(fields[1]);
                    break;
                case DELETE_TIMESERIES_TABLE:
                    instance.restoreTimeseriesTableDeletion(utf8(fields[1]));
                    break;
                case TIMESERIES_ROW:
                    // Journals written before timelines kept their update time have no fourth field.
                    instance.restoreTimeseriesRow(utf8(fields[1]), fields[2], fields.length > 3 ? fields[3]
                            : ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis() * 1000).array());
                    break;
                case TIMESERIES_META:
                    instance.restoreTimeseriesMeta(utf8(fields[1]), fields[2]);
                    break;
                default:
                    throw new IllegalStateException("Unknown journal record type " + entry.type());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Corrupt journal record of type " + entry.type(), e);
        }
    }

    private void snapshotTo(Journal target) {
        instances.values().forEach(instance -> instance.snapshotTo(target));
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
