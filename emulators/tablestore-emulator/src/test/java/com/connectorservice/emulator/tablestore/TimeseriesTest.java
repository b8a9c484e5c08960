package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.ColumnType;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.TimeseriesTableMeta;
import com.alicloud.openservices.tablestore.model.TimeseriesTableOptions;
import com.alicloud.openservices.tablestore.model.timeseries.AttributeMetaQueryCondition;
import com.alicloud.openservices.tablestore.model.timeseries.CompositeMetaQueryCondition;
import com.alicloud.openservices.tablestore.model.timeseries.DeleteTimeseriesMetaRequest;
import com.alicloud.openservices.tablestore.model.timeseries.CreateTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.DataSourceMetaQueryCondition;
import com.alicloud.openservices.tablestore.model.timeseries.DeleteTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.DescribeTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.GetTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.GetTimeseriesDataResponse;
import com.alicloud.openservices.tablestore.model.timeseries.MeasurementMetaQueryCondition;
import com.alicloud.openservices.tablestore.model.timeseries.MetaQueryCompositeOperator;
import com.alicloud.openservices.tablestore.model.timeseries.MetaQuerySingleOperator;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataResponse;
import com.alicloud.openservices.tablestore.model.timeseries.QueryTimeseriesMetaRequest;
import com.alicloud.openservices.tablestore.model.timeseries.QueryTimeseriesMetaResponse;
import com.alicloud.openservices.tablestore.model.timeseries.TagMetaQueryCondition;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesKey;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesMeta;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.alicloud.openservices.tablestore.model.timeseries.UpdateTimeseriesMetaRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeseriesTest {
    @TempDir
    static Path dataDirectory;
    static TablestoreEmulator emulator;
    static TimeseriesClient client;

    @BeforeAll
    static void start() {
        emulator = TablestoreEmulator.builder().dataDirectory(dataDirectory).credential("local-ak", "local-sk")
                .instance("local-ots").start();
        client = new TimeseriesClient(emulator.endpoint(), "local-ak", "local-sk", "local-ots");
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        emulator.close();
    }

    static void createTable(TimeseriesClient client, String name) {
        client.createTimeseriesTable(new CreateTimeseriesTableRequest(
                new TimeseriesTableMeta(name, new TimeseriesTableOptions(86400 * 30))));
    }

    static TimeseriesRow row(String measurement, String source, Map<String, String> tags, long timeMicros,
                             double value) {
        TimeseriesRow row = new TimeseriesRow(new TimeseriesKey(measurement, source, tags), timeMicros);
        row.addField("value", ColumnValue.fromDouble(value));
        row.addField("unit", ColumnValue.fromString("C"));
        row.addField("count", ColumnValue.fromLong(timeMicros));
        row.addField("ok", ColumnValue.fromBoolean(true));
        row.addField("raw", ColumnValue.fromBinary(new byte[] {9}));
        return row;
    }

    @Test
    void tableLifecycle() {
        createTable(client, "ts_lifecycle");
        assertThat(client.describeTimeseriesTable(new DescribeTimeseriesTableRequest("ts_lifecycle"))
                .getTimeseriesTableMeta().getTimeseriesTableOptions().getTimeToLive()).isEqualTo(86400 * 30);
        assertThat(client.listTimeseriesTable().getTimeseriesTableMetas())
                .extracting(TimeseriesTableMeta::getTimeseriesTableName).contains("ts_lifecycle");
        assertThatThrownBy(() -> createTable(client, "ts_lifecycle"))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSObjectAlreadyExist"));
        client.deleteTimeseriesTable(new DeleteTimeseriesTableRequest("ts_lifecycle"));
        assertThatThrownBy(() -> client.describeTimeseriesTable(new DescribeTimeseriesTableRequest("ts_lifecycle")))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSObjectNotExist"));
    }

    @Test
    void putThenGetByTimelineAndTimeRange() {
        createTable(client, "ts_data");
        PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("ts_data");
        for (int i = 0; i < 10; i++) {
            put.addRow(row("cpu", "host-1", Map.of("region", "hz", "az", "a"), 1_000_000L * i, i));
        }
        put.addRow(row("cpu", "host-2", Map.of("region", "hz"), 5_000_000L, 99));
        put.addRow(row("mem", "host-1", Map.of(), 5_000_000L, 42));
        PutTimeseriesDataResponse written = client.putTimeseriesData(put);
        assertThat(written.isAllSuccess()).isTrue();

        GetTimeseriesDataRequest get = new GetTimeseriesDataRequest("ts_data");
        get.setTimeseriesKey(new TimeseriesKey("cpu", "host-1", Map.of("az", "a", "region", "hz")));
        get.setTimeRange(2_000_000L, 6_000_000L);
        GetTimeseriesDataResponse response = client.getTimeseriesData(get);
        assertThat(response.getRows()).extracting(TimeseriesRow::getTimeInUs)
                .containsExactly(2_000_000L, 3_000_000L, 4_000_000L, 5_000_000L);
        TimeseriesRow first = response.getRows().get(0);
        assertThat(first.getTimeseriesKey().getTags()).containsEntry("region", "hz").containsEntry("az", "a");
        assertThat(first.getFields().get("value").asDouble()).isEqualTo(2.0);
        assertThat(first.getFields().get("unit").asString()).isEqualTo("C");
        assertThat(first.getFields().get("count").asLong()).isEqualTo(2_000_000L);
        assertThat(first.getFields().get("ok").asBoolean()).isTrue();
        assertThat(first.getFields().get("raw").asBinary()).containsExactly(9);

        // paging backwards with a limit and the next token
        List<Long> times = new ArrayList<>();
        byte[] token = null;
        do {
            GetTimeseriesDataRequest page = new GetTimeseriesDataRequest("ts_data");
            page.setTimeseriesKey(new TimeseriesKey("cpu", "host-1", Map.of("az", "a", "region", "hz")));
            page.setTimeRange(0, 10_000_000L);
            page.setBackward(true);
            page.setLimit(3);
            page.setNextToken(token);
            page.addFieldToGet("value", ColumnType.DOUBLE);
            GetTimeseriesDataResponse result = client.getTimeseriesData(page);
            result.getRows().forEach(row -> {
                times.add(row.getTimeInUs());
                assertThat(row.getFields()).containsOnlyKeys("value");
            });
            token = result.getNextToken();
        } while (token != null);
        assertThat(times).hasSize(10).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        assertThat(emulator.timeseriesRows("local-ots", "ts_data")).hasSize(12);
    }

    @Test
    void queryMetaByMeasurementSourceAndTags() {
        createTable(client, "ts_meta");
        PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("ts_meta");
        put.addRow(row("cpu", "host-1", Map.of("region", "hz"), 1, 1));
        put.addRow(row("cpu", "host-2", Map.of("region", "sh"), 1, 1));
        put.addRow(row("mem", "host-1", Map.of("region", "hz"), 1, 1));
        client.putTimeseriesData(put);

        QueryTimeseriesMetaRequest byMeasurement = new QueryTimeseriesMetaRequest("ts_meta");
        byMeasurement.setCondition(new MeasurementMetaQueryCondition(MetaQuerySingleOperator.OP_EQUAL, "cpu"));
        byMeasurement.setGetTotalHits(true);
        QueryTimeseriesMetaResponse cpu = client.queryTimeseriesMeta(byMeasurement);
        assertThat(cpu.getTotalHits()).isEqualTo(2);
        assertThat(cpu.getTimeseriesMetas()).extracting(meta -> meta.getTimeseriesKey().getDataSource())
                .containsExactly("host-1", "host-2");

        CompositeMetaQueryCondition both = new CompositeMetaQueryCondition(MetaQueryCompositeOperator.OP_AND);
        both.addSubCondition(new DataSourceMetaQueryCondition(MetaQuerySingleOperator.OP_EQUAL, "host-1"));
        both.addSubCondition(new TagMetaQueryCondition(MetaQuerySingleOperator.OP_EQUAL, "region", "hz"));
        QueryTimeseriesMetaRequest combined = new QueryTimeseriesMetaRequest("ts_meta");
        combined.setCondition(both);
        List<TimeseriesMeta> metas = client.queryTimeseriesMeta(combined).getTimeseriesMetas();
        assertThat(metas).extracting(meta -> meta.getTimeseriesKey().getMeasurementName())
                .containsExactly("cpu", "mem");
        assertThat(metas.get(0).getUpdateTimeInUs()).isPositive();

        QueryTimeseriesMetaRequest paged = new QueryTimeseriesMetaRequest("ts_meta");
        paged.setLimit(2);
        QueryTimeseriesMetaResponse firstPage = client.queryTimeseriesMeta(paged);
        assertThat(firstPage.getTimeseriesMetas()).hasSize(2);
        paged.setNextToken(firstPage.getNextToken());
        assertThat(client.queryTimeseriesMeta(paged).getTimeseriesMetas()).hasSize(1);
    }

    @Test
    void badRowsAndMissingTables() {
        createTable(client, "ts_bad");
        PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("ts_bad");
        put.addRow(row("cpu", "h", Map.of(), 1, 1));
        TimeseriesRow noFields = new TimeseriesRow(new TimeseriesKey("cpu", "h", Map.of()), 2);
        put.addRow(noFields);
        PutTimeseriesDataResponse response = client.putTimeseriesData(put);
        assertThat(response.isAllSuccess()).isFalse();
        assertThat(response.getFailedRows()).singleElement().satisfies(failed -> {
            assertThat(failed.getIndex()).isEqualTo(1);
            assertThat(failed.getError().getCode()).isEqualTo("OTSParameterInvalid");
        });

        PutTimeseriesDataRequest missing = new PutTimeseriesDataRequest("ts_missing");
        missing.addRow(row("cpu", "h", Map.of(), 1, 1));
        assertThatThrownBy(() -> client.putTimeseriesData(missing))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSObjectNotExist"));
    }

    @Test
    void timeseriesDataSurvivesRestart(@TempDir Path directory) {
        long updateTime;
        try (TablestoreEmulator first = TablestoreEmulator.builder().dataDirectory(directory)
                .credential("ak", "sk").instance("ts-inst").start()) {
            TimeseriesClient writer = new TimeseriesClient(first.endpoint(), "ak", "sk", "ts-inst");
            createTable(writer, "kept");
            PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("kept");
            put.addRow(row("cpu", "h", Map.of("k", "v"), 7, 3.5));
            writer.putTimeseriesData(put);
            setAttributes(writer, "kept", new TimeseriesKey("cpu", "h", Map.of("k", "v")), Map.of("unit", "C"));
            updateTime = writer.queryTimeseriesMeta(new QueryTimeseriesMetaRequest("kept")).getTimeseriesMetas().get(0)
                    .getUpdateTimeInUs();
            writer.shutdown();
        }
        try (TablestoreEmulator second = TablestoreEmulator.builder().dataDirectory(directory)
                .credential("ak", "sk").instance("ts-inst").start()) {
            TimeseriesClient reader = new TimeseriesClient(second.endpoint(), "ak", "sk", "ts-inst");
            GetTimeseriesDataRequest get = new GetTimeseriesDataRequest("kept");
            get.setTimeseriesKey(new TimeseriesKey("cpu", "h", Map.of("k", "v")));
            get.setTimeRange(0, 100);
            assertThat(reader.getTimeseriesData(get).getRows()).singleElement()
                    .satisfies(row -> assertThat(row.getFields().get("value").asDouble()).isEqualTo(3.5));
            assertThat(reader.queryTimeseriesMeta(new QueryTimeseriesMetaRequest("kept")).getTimeseriesMetas())
                    .singleElement().satisfies(meta -> {
                        assertThat(meta.getUpdateTimeInUs()).isEqualTo(updateTime);
                        assertThat(meta.getAttributes()).containsExactly(Map.entry("unit", "C"));
                    });
            reader.shutdown();
        }
    }

    static void setAttributes(TimeseriesClient client, String table, TimeseriesKey key, Map<String, String> attributes) {
        TimeseriesMeta meta = new TimeseriesMeta(key);
        meta.setAttributes(attributes);
        UpdateTimeseriesMetaRequest update = new UpdateTimeseriesMetaRequest(table);
        update.setMetas(List.of(meta));
        assertThat(client.updateTimeseriesMeta(update).isAllSuccess()).isTrue();
    }

    static List<TimeseriesMeta> metasWithAttribute(TimeseriesClient client, String table, String name, String value) {
        QueryTimeseriesMetaRequest query = new QueryTimeseriesMetaRequest(table);
        query.setCondition(new AttributeMetaQueryCondition(MetaQuerySingleOperator.OP_EQUAL, name, value));
        return client.queryTimeseriesMeta(query).getTimeseriesMetas();
    }

    @Test
    void timelineAttributesAndMetaDeletion() {
        createTable(client, "ts_attributes");
        TimeseriesKey withData = new TimeseriesKey("cpu", "host-1", Map.of("region", "hz"));
        PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("ts_attributes");
        put.addRow(row("cpu", "host-1", Map.of("region", "hz"), 10, 1));
        client.putTimeseriesData(put);
        setAttributes(client, "ts_attributes", withData, Map.of("owner", "ops"));
        setAttributes(client, "ts_attributes", new TimeseriesKey("cpu", "host-9", Map.of()), Map.of("owner", "ops"));

        assertThat(metasWithAttribute(client, "ts_attributes", "owner", "ops"))
                .extracting(meta -> meta.getTimeseriesKey().getDataSource()).containsExactly("host-1", "host-9");
        assertThat(metasWithAttribute(client, "ts_attributes", "owner", "ops").get(0).getAttributes())
                .containsExactly(Map.entry("owner", "ops"));

        DeleteTimeseriesMetaRequest delete = new DeleteTimeseriesMetaRequest("ts_attributes");
        delete.setTimeseriesKeys(List.of(withData));
        client.deleteTimeseriesMeta(delete);
        assertThat(metasWithAttribute(client, "ts_attributes", "owner", "ops"))
                .extracting(meta -> meta.getTimeseriesKey().getDataSource()).containsExactly("host-9");
        GetTimeseriesDataRequest get = new GetTimeseriesDataRequest("ts_attributes");
        get.setTimeseriesKey(withData);
        get.setTimeRange(0, 100);
        assertThat(client.getTimeseriesData(get).getRows()).as("deleting the meta keeps the data").hasSize(1);
    }
}
