package com.connectorservice.sink.maxcompute;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.EnumSet;
import java.util.Set;

import com.aliyun.odps.Column;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.SimpleJsonValue;
import com.aliyun.odps.data.Char;
import com.aliyun.odps.data.Varchar;
import com.aliyun.odps.type.TypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Values for the table's own columns (CSV fields and FLATTEN fields), converted to the Java types the
 * SDK expects for each MaxCompute type. Date and time text without an offset is read in the
 * connector's time zone.
 */
final class ColumnValues {

    static final Set<OdpsType> SUPPORTED_TYPES = EnumSet.of(OdpsType.STRING, OdpsType.VARCHAR, OdpsType.CHAR,
            OdpsType.BIGINT, OdpsType.INT, OdpsType.SMALLINT, OdpsType.TINYINT, OdpsType.DOUBLE, OdpsType.FLOAT,
            OdpsType.BOOLEAN, OdpsType.DECIMAL, OdpsType.DATETIME, OdpsType.TIMESTAMP, OdpsType.DATE,
            OdpsType.BINARY, OdpsType.JSON);
    static final String SUPPORTED = SUPPORTED_TYPES.toString();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private final ZoneId zone;

    ColumnValues(ZoneId zone) {
        this.zone = zone;
    }

    boolean supports(TypeInfo type) {
        return SUPPORTED_TYPES.contains(type.getOdpsType());
    }

    JsonNode parseJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException("has a " + what + " that is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A CSV field: empty means NULL except for text columns. */
    Object fromText(String text, Column column) {
        OdpsType type = column.getTypeInfo().getOdpsType();
        if (text.isEmpty() && type != OdpsType.STRING && type != OdpsType.VARCHAR && type != OdpsType.CHAR) {
            return null;
        }
        try {
            return switch (type) {
                case STRING -> text;
                case VARCHAR -> new Varchar(text);
                case CHAR -> new Char(text);
                case BIGINT -> Long.parseLong(text.trim());
                case INT -> Integer.parseInt(text.trim());
                case SMALLINT -> Short.parseShort(text.trim());
                case TINYINT -> Byte.parseByte(text.trim());
                case DOUBLE -> Double.parseDouble(text.trim());
                case FLOAT -> Float.parseFloat(text.trim());
                case BOOLEAN -> parseBoolean(text.trim());
                case DECIMAL -> new BigDecimal(text.trim());
                case DATETIME -> instant(text.trim()).atZone(zone);
                case TIMESTAMP -> instant(text.trim());
                case DATE -> LocalDate.parse(text.trim());
                case BINARY -> new Binary(text.getBytes(StandardCharsets.UTF_8));
                case JSON -> new SimpleJsonValue(parseJson(text, "column " + column.getName()));
                default -> throw new IllegalStateException("unsupported type " + type);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw wrongType(column, "'" + text + "'");
        }
    }

    /** A FLATTEN field: objects and arrays go into JSON or STRING columns as JSON text. */
    Object fromJson(JsonNode node, Column column) {
        if (node == null || node.isNull()) {
            return null;
        }
        OdpsType type = column.getTypeInfo().getOdpsType();
        if (type == OdpsType.JSON) {
            return new SimpleJsonValue(node);
        }
        if (node.isContainerNode()) {
            if (type == OdpsType.STRING) {
                return node.toString();
            }
            throw wrongType(column, node.getNodeType().name().toLowerCase() + " " + node);
        }
        switch (type) {
            case BIGINT, INT, SMALLINT, TINYINT -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return fromText(Long.toString(node.longValue()), column);
                }
            }
            case DOUBLE, FLOAT, DECIMAL -> {
                if (node.isNumber()) {
                    return fromText(node.asText(), column);
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
            }
            case DATETIME, TIMESTAMP -> {
                if (node.isIntegralNumber()) {
                    Instant instant = Instant.ofEpochMilli(node.longValue());
                    return type == OdpsType.TIMESTAMP ? instant : instant.atZone(zone);
                }
            }
            default -> {
                // text-like and the remaining types take the field's text
            }
        }
        if (node.isTextual() || type == OdpsType.STRING || type == OdpsType.VARCHAR || type == OdpsType.CHAR) {
            return fromText(node.asText(), column);
        }
        throw wrongType(column, node.getNodeType().name().toLowerCase() + " " + node);
    }

    private Instant instant(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(text, LOCAL_DATE_TIME).atZone(zone).toInstant();
        }
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new NumberFormatException(text);
    }

    private static BadRecordException wrongType(Column column, String value) {
        return new BadRecordException("has " + value + " for column '" + column.getName() + "' of type "
                + column.getTypeInfo().getTypeName());
    }
}
