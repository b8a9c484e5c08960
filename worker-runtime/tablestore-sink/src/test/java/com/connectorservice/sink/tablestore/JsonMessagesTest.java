package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A record's JSON read as the Gson tree the sink used before read it, which users' tables hold: Gson's own parser is
 * the reference here. A field's text is a string as it is, a number's digits as written, and an object or array
 * exactly the compact JSON Gson writes.
 */
class JsonMessagesTest {

    @Test
    void objectsReadAsGsonReadsThemFromTextBytesAndBuffers() {
        String manyNames = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10}";
        List<String> documents = List.of(
                "{\"order_id\":7,\"user\":\"user-7\",\"amount\":10.50,\"paid\":false,\"item\":{\"sku\":\"s\",\"qty\":0}}",
                "{ \"a\" : [ 1, 2.50, -0, -0.0, 1E5, 12345678901234567890123, true, null, {\"b\":[]} ], \"n\" : null }",
                "{\"dup\":1,\"other\":2,\"dup\":3}",
                "{\"nested\":{\"dup\":1,\"other\":{\"x\":[{\"y\":1,\"y\":2}]},\"dup\":3},\"after\":true}",
                "{\"many\":" + manyNames + ",\"manyRepeated\":" + manyNames.replace("}", ",\"a\":11}") + "}",
                "{\"escapes\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0001\\u2028\",\"中文\":\"é 😀\","
                        + "\"nested\":{\"k\\\"ey\":\"<a href='x'>&amp;=</a>\\u2029\\u001f\"}}",
                "{}",
                "{\"empty\":{},\"emptyList\":[],\"deep\":[[[{}]]]}",
                // forms Gson's lenient parsing took, still taken
                "{'single':'quotes', unquoted: 1, // comment\n \"nan\": NaN, \"inf\": [-Infinity, {'x': NaN}] /* block */ # c\n}");
        for (String document : documents) {
            JsonObject gson = JsonParser.parseString(document).getAsJsonObject();
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            byte[] padded = ("xx" + document + "yy").getBytes(StandardCharsets.UTF_8);
            ByteBuffer slice = ByteBuffer.wrap(padded, 2, bytes.length).slice();
            for (Object input : List.of(document, bytes, slice)) {
                Map<String, JsonField> fields = JsonMessages.object(input, "value");
                assertThat(fields.keySet()).as(document).containsExactlyElementsOf(gson.keySet());
                gson.entrySet().forEach(member -> assertThat(fields.get(member.getKey()).text())
                        .as(document + " / " + member.getKey()).isEqualTo(gsonText(member.getValue())));
            }
        }
    }

    /** What the sink wrote with Gson: a primitive's own text, an object or array as Gson's compact JSON. */
    private static String gsonText(JsonElement element) {
        return element.isJsonPrimitive() ? element.getAsString() : element.toString();
    }

    @Test
    void fieldsKeepTheirKindForTypedColumns() {
        Map<String, JsonField> fields = JsonMessages.object("{\"s\":\"12\",\"n\":12.50,\"b\":true,\"z\":null,\"o\":{\"k\":1}}", "value");
        assertThat(fields.get("s")).isEqualTo(new JsonField.Text("12"));
        assertThat(fields.get("n")).isEqualTo(new JsonField.Number("12.50"));
        assertThat(fields.get("b")).isEqualTo(new JsonField.Bool(true));
        assertThat(JsonMessages.isNull(fields.get("z"))).isTrue();
        assertThat(JsonMessages.isNull(fields.get("missing"))).isTrue();
        assertThat(fields.get("o")).isEqualTo(new JsonField.Nested("{\"k\":1}"));
        assertThat(JsonMessages.integer(fields.get("s"), "s")).isEqualTo(12);
        assertThatThrownBy(() -> JsonMessages.integer(fields.get("n"), "n")).hasMessage("Field 'n' is not an integer: 12.50");
        assertThatThrownBy(() -> JsonMessages.integer(fields.get("o"), "o")).hasMessage("Field 'o' is not an integer: {\"k\":1}");
    }

    @Test
    void structsAndMapsFromConvertersWithSchemasReadAsTheirJson() {
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("item", item)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("raw", Schema.OPTIONAL_BYTES_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct value = new Struct(schema).put("id", 7L).put("item", new Struct(item).put("sku", "a\"b").put("qty", 2))
                .put("tags", List.of("x", "y")).put("raw", new byte[] {1, 2});
        Map<String, JsonField> fields = JsonMessages.object(value, "value");
        assertThat(fields.keySet()).containsExactly("id", "item", "tags", "raw", "note");
        assertThat(fields.get("id").text()).isEqualTo("7");
        assertThat(fields.get("item").text()).isEqualTo("{\"sku\":\"a\\\"b\",\"qty\":2}");
        assertThat(fields.get("tags").text()).isEqualTo("[\"x\",\"y\"]");
        assertThat(fields.get("raw").text()).isEqualTo("AQI=");
        assertThat(JsonMessages.isNull(fields.get("note"))).isTrue();

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("nested", Map.of("list", new ArrayList<>(List.of(1.5, true))));
        map.put("n", 3);
        assertThat(JsonMessages.object(map, "value").get("nested").text()).isEqualTo("{\"list\":[1.5,true]}");
        assertThat(JsonMessages.text(map)).isEqualTo("{\"nested\":{\"list\":[1.5,true]},\"n\":3}");
        assertThat(JsonMessages.text(42L)).isEqualTo("42");
    }

    @Test
    void otherDocumentsAreRefusedNamingThePartAndShowingTheText() {
        for (String document : List.of("not json", "{\"a\":1} {\"b\":2}", "{\"a\":1", "{\"a\" 1}", "[1,,2]",
                "{\"a\":{\"b\":1,\"b\":2} x")) {
            assertThatThrownBy(() -> JsonMessages.object(document.getBytes(StandardCharsets.UTF_8), "key"))
                    .as(document).isInstanceOf(UnwritableRecordException.class)
                    .hasMessageStartingWith("The message key is not valid JSON").hasMessageEndingWith(document);
        }
        // bytes that are not UTF-8 are refused (to the error topic with their original bytes), not written with U+FFFD
        byte[] latin1 = "{\"user\":\"Jos\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JsonMessages.object(latin1, "value")).isInstanceOf(UnwritableRecordException.class)
                .hasMessageContaining("The message value is not valid JSON: Invalid UTF-8");
        assertThatThrownBy(() -> JsonMessages.object("[1, {\"a\" : 2}]", "value"))
                .hasMessage("The message value is not a JSON object: [1,{\"a\":2}]");
        assertThatThrownBy(() -> JsonMessages.object("\"text\"", "value"))
                .hasMessage("The message value is not a JSON object: \"text\"");
        assertThatThrownBy(() -> JsonMessages.object(" ", "value")).hasMessage("The message value is not a JSON object: null");
        assertThatThrownBy(() -> JsonMessages.object(List.of(1), "value"))
                .hasMessage("The message value is not a JSON object: [1]");
    }
}
