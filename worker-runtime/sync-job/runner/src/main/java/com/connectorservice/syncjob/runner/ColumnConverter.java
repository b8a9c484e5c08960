package com.connectorservice.syncjob.runner;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import com.aliyun.odps.Column;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.Char;
import com.aliyun.odps.data.SimpleJsonValue;
import com.aliyun.odps.data.Varchar;

/**
 * Turns a mapped field (String, Long, Integer, Short, Double, Float, BigDecimal, Boolean or byte[]) into the
 * Java type the SDK writes for the column's MaxCompute type. Numbers into DATETIME / TIMESTAMP are epoch
 * milliseconds (as {@code __timestamp__} is). A value that cannot become the column's type fails the run,
 * naming the column: a window is written whole or not at all.
 */
final class ColumnConverter {

    private final Column column;
    private final OdpsType type;
    private final Charset encoding;
    private final ZoneId zone;

    ColumnConverter(Column column, Charset encoding, ZoneId zone) {
        this.column = column;
        this.type = column.getTypeInfo().getOdpsType();
        this.encoding = encoding;
        this.zone = zone;
    }

    static boolean supports(OdpsType type) {
        return switch (type) {
            case STRING, VARCHAR, CHAR, BIGINT, INT, SMALLINT, TINYINT, DOUBLE, FLOAT, DECIMAL, BOOLEAN, DATETIME,
                    TIMESTAMP, DATE, BINARY, JSON -> true;
            default -> false;
        };
    }

    Object convert(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type) {
                case STRING -> text(value);
                case VARCHAR -> new Varchar(text(value));
                case CHAR -> new Char(text(value));
                case BIGINT -> value instanceof Number n && !(value instanceof Double || value instanceof Float
                        || value instanceof BigDecimal) ? n.longValue() : Long.parseLong(text(value).trim());
                case INT -> Math.toIntExact(integral(value));
                case SMALLINT -> (short) Math.toIntExact(checkRange(integral(value), Short.MIN_VALUE, Short.MAX_VALUE));
                case TINYINT -> (byte) Math.toIntExact(checkRange(integral(value), Byte.MIN_VALUE, Byte.MAX_VALUE));
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text(value).trim());
                case FLOAT -> value instanceof Number n ? n.floatValue() : Float.parseFloat(text(value).trim());
                case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(text(value).trim());
                case BOOLEAN -> value instanceof Boolean b ? b : bool(text(value).trim());
                case DATETIME -> instant(value).atZone(zone);
                case TIMESTAMP -> instant(value);
                case DATE -> value instanceof Number n ? Instant.ofEpochMilli(n.longValue()).atZone(zone).toLocalDate()
                        : LocalDate.parse(text(value).trim());
                case BINARY -> new Binary(value instanceof byte[] bytes ? bytes : text(value).getBytes(encoding));
                case JSON -> new SimpleJsonValue(text(value));
                default -> throw new IllegalArgumentException("column '" + column.getName() + "' has type " + type
                        + ", which sync jobs do not write");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column '" + column.getName() + "' (" + type + ") cannot take "
                    + describe(value) + ": " + e.getMessage(), e);
        }
    }

    private long integral(Object value) {
        return value instanceof Number n && !(value instanceof Double || value instanceof Float) ? n.longValue()
                : Long.parseLong(text(value).trim());
    }

    private static long checkRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new ArithmeticException(value + " is out of range");
        }
        return value;
    }

    private String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, encoding) : value.toString();
    }

    private Instant instant(Object value) {
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String text = text(value).trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    private static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    private static String describe(Object value) {
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : "'" + value + "'";
        return text.length() > 80 ? text.substring(0, 80) + "...'" : text;
    }
}
