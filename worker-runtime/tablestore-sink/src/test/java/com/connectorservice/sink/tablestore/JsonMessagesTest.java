package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/** A nested field's column text: written by the sink itself, and exactly what Gson's own writer gives. */
class JsonMessagesTest {

    @Test
    void nestedValuesReadAsTheSameCompactJsonTextGsonWrites() {
        List<String> documents = List.of(
                "{\"sku\":\"sku-1\",\"qty\":3}",
                "{ \"a\" : [ 1, 2.50, -0.0, 1e5, 12345678901234567890123, true, false, null, {\"b\":null} ] }",
                "[]",
                "{}",
                "[[[]],{},{\"\":\"\"}]",
                "{\"quote\\\"and\\\\backslash\":\"tab\\tnewline\\nreturn\\rform\\fback\\b\"}",
                "{\"controls\":\"\\u0000\\u0001\\u001f\\u007f\",\"separators\":\"\\u2028\\u2029\"}",
                "{\"html\":\"<a href='x'>&amp;=</a>\",\"unicode\":\"中文 é 😀\",\"slash\":\"a/b\"}",
                "{\"dup\":1,\"dup\":2}");
        for (String document : documents) {
            JsonElement parsed = JsonParser.parseString(document);
            assertThat(JsonMessages.text(parsed)).as(document).isEqualTo(parsed.toString());
        }
    }

    @Test
    void primitivesReadAsTheirOwnText() {
        assertThat(JsonMessages.text(JsonParser.parseString("\"plain \\\"text\\\"\""))).isEqualTo("plain \"text\"");
        assertThat(JsonMessages.text(JsonParser.parseString("12.50"))).isEqualTo("12.50");
        assertThat(JsonMessages.text(JsonParser.parseString("true"))).isEqualTo("true");
    }
}
