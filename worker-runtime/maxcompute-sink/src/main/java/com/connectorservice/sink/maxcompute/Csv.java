package com.connectorservice.sink.maxcompute;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line on commas. A field may be quoted with double quotes to hold commas; a doubled
 * quote inside a quoted field is one quote.
 */
final class Csv {
    private Csv() {
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new BadRecordException("has an unterminated quoted CSV field");
        }
        fields.add(field.toString());
        return fields;
    }
}
