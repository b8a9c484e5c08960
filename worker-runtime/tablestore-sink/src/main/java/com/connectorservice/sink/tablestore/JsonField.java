package com.connectorservice.sink.tablestore;

/**
 * One field of a record's JSON object, as the sink writes it to a column, a primary key or a time series: a string,
 * a number as it was written, a boolean, null, or an object or array below the top, which is only ever written as its
 * compact JSON text and so is kept as that text.
 */
public sealed interface JsonField {

    /** The column text: a string as it is, anything else as its compact JSON text. */
    String text();

    /** The field as JSON text, for messages: its column text, but for a string, which is quoted. */
    default String json() {
        return text();
    }

    /** A JSON string. */
    record Text(String value) implements JsonField {
        @Override
        public String text() {
            return value;
        }

        @Override
        public String json() {
            StringBuilder json = new StringBuilder(value.length() + 2);
            JsonMessages.writeString(value, json);
            return json.toString();
        }
    }

    /** A JSON number with its digits as written ("1.50" stays 1.50 in a text column). */
    record Number(String literal) implements JsonField {
        @Override
        public String text() {
            return literal;
        }
    }

    /** true or false. */
    record Bool(boolean value) implements JsonField {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);

        static Bool of(boolean value) {
            return value ? TRUE : FALSE;
        }

        @Override
        public String text() {
            return String.valueOf(value);
        }
    }

    /** JSON null. */
    enum Null implements JsonField {
        INSTANCE;

        @Override
        public String text() {
            return "null";
        }
    }

    /** An object or array inside the record's object, as compact JSON text. */
    record Nested(String compactJson) implements JsonField {
        @Override
        public String text() {
            return compactJson;
        }
    }
}
