package com.connectorservice.syncjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.syncjob.mapping.ColumnMapping;
import com.connectorservice.syncjob.mapping.FieldExtractor;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.mapping.KafkaRecord;
import com.connectorservice.syncjob.mapping.SamplePaths;
import com.connectorservice.syncjob.mapping.SerializedType;

class FieldMappingTest {

    /** Seed 002's example value, as written there. */
    static final String SEED_VALUE = """
            { "a": { "a1": "hello" }, "b": "world", "c":[ "xxxxxxx", "yyyyyyy" ],
              "d":[ { "AA":"this", "BB":"is_data" }, { "AA":"that", "BB":"is_also_data" } ], "a.b": "unreachable" }""";

    private static Object[] extract(List<ColumnMapping> lines, KafkaRecord record) {
        return new FieldExtractor(FieldMapping.of(lines), SerializedType.STRING, SerializedType.STRING, StandardCharsets.UTF_8)
                .extract(record);
    }

    private static KafkaRecord record(String key, String value) {
        return new KafkaRecord(3, 42, 1669082400000L, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry("source", "app-1".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void everySeedPathExampleMapsAsTheSeedSays() {
        Object[] values = extract(List.of(new ColumnMapping("a.a1", "c1"), new ColumnMapping("b", "c2"),
                new ColumnMapping("c[1]", "c3"), new ColumnMapping("d[0].AA", "c4"), new ColumnMapping("a.b", "c5"),
                new ColumnMapping("['a.b']", "c6"), new ColumnMapping("d[1]", "c7"), new ColumnMapping("c[5]", "c8")),
                record("k", SEED_VALUE));
        assertThat(values).containsExactly("hello", "world", "yyyyyyy", "this", null, "unreachable",
                "{\"AA\":\"that\",\"BB\":\"is_also_data\"}", null);
    }

    @Test
    void theSamplesPathsAreTheOnesTheMappingParses() {
        List<String> paths = SamplePaths.of(SEED_VALUE, 100);
        assertThat(paths).containsExactly("a", "a.a1", "b", "c", "c[0]", "c[1]", "d", "d[0]", "d[0].AA", "d[0].BB", "d[1]",
                "d[1].AA", "d[1].BB", "['a.b']");
        List<ColumnMapping> lines = new java.util.ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            lines.add(new ColumnMapping(paths.get(i), "c" + i));
        }
        assertThat(extract(lines, record("k", SEED_VALUE))).doesNotContainNull();
        assertThat(SamplePaths.of("not json", 10)).isEmpty();
    }

    @Test
    void theSixKafkaFields() {
        Object[] values = extract(FieldMapping.defaultMapping(), record("k-1", "v-1"));
        assertThat(values).containsExactly("k-1", "v-1", 3L, "{\"source\":\"app-1\"}", 42L, 1669082400000L);
    }

    @Test
    void aValueThatIsNotJsonGivesNullForEveryPath() {
        assertThat(extract(List.of(new ColumnMapping("a.a1", "x"), new ColumnMapping("__value__", "y")),
                record(null, "plain text"))).containsExactly(null, "plain text");
    }

    @Test
    void numericKeysDecodeAsKafkasSerializersWriteThem() {
        FieldExtractor extractor = new FieldExtractor(FieldMapping.of(List.of(new ColumnMapping("__key__", "k"))),
                SerializedType.LONG, SerializedType.STRING, StandardCharsets.UTF_8);
        byte[] seven = java.nio.ByteBuffer.allocate(8).putLong(7).array();
        assertThat(extractor.extract(new KafkaRecord(0, 0, 0, seven, null, List.of()))).containsExactly(7L);
        assertThatThrownBy(() -> extractor.extract(new KafkaRecord(0, 5, 0, new byte[3], null, List.of())))
                .hasMessageContaining("key of partition 0 offset 5 is not a LONG");
    }

    @Test
    void oneSourceToTwoColumnsIsRefusedNamingTheFields() {
        assertThatThrownBy(() -> FieldMapping.of(List.of(new ColumnMapping("b", "x"), new ColumnMapping("b", "y"))))
                .isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("mapping[1].source");
                            assertThat(v.rule()).isEqualTo("mapping.source.duplicate");
                            assertThat(v.message()).contains("'b'", "'x'", "'y'");
                        }));
    }

    @Test
    void twoSourcesToOneColumnIsRefusedNamingTheFields() {
        assertThatThrownBy(() -> FieldMapping.of(List.of(new ColumnMapping("a.a1", "x"), new ColumnMapping("__key__", "X"))))
                .isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("mapping[1].column");
                            assertThat(v.rule()).isEqualTo("mapping.column.duplicate");
                            assertThat(v.message()).contains("'a.a1'", "'__key__'");
                        }));
    }

    @Test
    void unknownFieldsAndBadPathsAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> FieldMapping.of(List.of(new ColumnMapping("__topic__", "x"))))
                .isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("mapping[0].source");
                            assertThat(v.rule()).isEqualTo("mapping.source.unknown");
                            assertThat(v.message()).contains("__topic__", "__timestamp__");
                        }));
        for (String bad : List.of("a..b", "a.", ".a", "c[x]", "c[1", "[0]", "['a.b'", "a]b", "['']")) {
            assertThatThrownBy(() -> FieldMapping.of(List.of(new ColumnMapping(bad, "x"))))
                    .as(bad).isInstanceOfSatisfying(InvalidSyncJobException.class,
                            e -> assertThat(e.violations().get(0).rule()).isEqualTo("mapping.source.syntax"));
        }
        assertThatThrownBy(() -> FieldMapping.of(List.of(new ColumnMapping("b", "1bad"))))
                .isInstanceOfSatisfying(InvalidSyncJobException.class,
                        e -> assertThat(e.violations().get(0).rule()).isEqualTo("mapping.column.name"));
    }

    @Test
    void unmappedColumnsAreAllowedAndUnknownColumnsNamed() {
        FieldMapping mapping = FieldMapping.of(List.of(new ColumnMapping("b", "word"), new ColumnMapping("__offset__", "nope")));
        assertThat(mapping.unknownColumns(List.of("word", "other"))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("mapping[1].column");
            assertThat(v.rule()).isEqualTo("mapping.column.unknown");
        });
    }
}
