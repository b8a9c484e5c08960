package com.connectorservice.emulator.maxcompute.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.connectorservice.emulator.maxcompute.ServiceException;

/**
 * A column's full type: its {@link ColumnType} and, for ARRAY, MAP and STRUCT, the element types ({@code array<bigint>},
 * {@code map<string,bigint>}, {@code struct<a:bigint,b:string>}), parsed from the declared type.
 */
public record DataType(ColumnType base, List<DataType> children, List<String> fieldNames) {

    public static DataType parse(String declared) {
        String text = declared.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        int angle = text.indexOf('<');
        ColumnType base = ColumnType.parse(text);
        if (base != ColumnType.ARRAY && base != ColumnType.MAP && base != ColumnType.STRUCT) {
            return new DataType(base, List.of(), List.of());
        }
        if (angle < 0 || !text.endsWith(">")) {
            throw invalid(declared);
        }
        List<String> parts = splitTopLevel(text.substring(angle + 1, text.length() - 1));
        List<DataType> children = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String part : parts) {
            if (base == ColumnType.STRUCT) {
                int colon = part.indexOf(':');
                if (colon <= 0) {
                    throw invalid(declared);
                }
                names.add(part.substring(0, colon).replace("`", ""));
                children.add(parse(part.substring(colon + 1)));
            } else {
                children.add(parse(part));
            }
        }
        if ((base == ColumnType.ARRAY && children.size() != 1) || (base == ColumnType.MAP && children.size() != 2)
                || children.isEmpty()) {
            throw invalid(declared);
        }
        return new DataType(base, List.copyOf(children), List.copyOf(names));
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static ServiceException invalid(String declared) {
        return ServiceException.badRequest("InvalidArgument", "ODPS-0130161:Parse exception - invalid type '"
                + declared + "'");
    }

    /**
     * A stored value of a column that was {@code from} when it was written, as a value of this (compatible, wider)
     * type: integers widen to longer integers, FLOAT to DOUBLE, numbers and booleans to STRING.
     */
    public Object widen(Object value, DataType from) {
        if (value == null || from.base == base) {
            return value;
        }
        return switch (base) {
            case SMALLINT -> ((Number) value).shortValue();
            case INT -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case DOUBLE -> Double.parseDouble(value.toString());
            case DECIMAL -> new BigDecimal(value.toString());
            case STRING -> value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
            default -> value;
        };
    }
}
