package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * A record's JSON read into the same tree Gson's own parser builds, and a nested field's column text written by the
 * sink itself, exactly as Gson's own writer gives it.
 */
class JsonMessagesTest {

    @Test
    void documentsReadAsGsonReadsThemFromTextBytesAndBuffers() {
        List<String> documents = List.of(
                "{\"order_id\":7,\"user\":\"user-7\",\"amount\":10.50,\"paid\":false,\"item\":{\"sku\":\"s\",\"qty\":0}}",
                "{ \"a\" : [ 1, 2.50, -0, -0.0, 1E5, 12345678901234567890123, true, null, {\"b\":[]} ] }",
                "{\"dup\":1,\"other\":2,\"dup\":3}",
                "{\"escapes\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"中文\":\"é 😀\"}",
                "  {}  ",
                "[1,2]",
                "\"text\"",
                "",
                // forms Gson's lenient parsing took, still taken
                "{'single':'quotes', unquoted: 1, // comment\n \"nan\": NaN, \"inf\": -Infinity /* block */ # comment\n}");
        for (String document : documents) {
            String expected = JsonParser.parseString(document).toString();
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            byte[] padded = ("xx" + document + "yy").getBytes(StandardCharsets.UTF_8);
            ByteBuffer slice = ByteBuffer.wrap(padded, 2, bytes.length).slice();
            assertThat(JsonMessages.parse(document, "value").toString()).as(document).isEqualTo(expected);
            assertThat(JsonMessages.parse(bytes, "value").toString()).as(document).isEqualTo(expected);
            assertThat(JsonMessages.parse(slice, "value").toString()).as(document).isEqualTo(expected);
        }
    }

    @Test
    void invalidDocumentsAreRefusedNamingThePartAndShowingTheText() {
        for (String document : List.of("not json", "{\"a\":1} {\"b\":2}", "{\"a\":1", "{\"a\" 1}", "[1,,2]")) {
            assertThatThrownBy(() -> JsonMessages.parse(document.getBytes(StandardCharsets.UTF_8), "key"))
                    .as(document).isInstanceOf(UnwritableRecordException.class)
                    .hasMessageStartingWith("The message key is not valid JSON").hasMessageEndingWith(document);
        }
        assertThatThrownBy(() -> JsonMessages.object("[1]", "value")).hasMessage("The message value is not a JSON object: [1]");
    }

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
