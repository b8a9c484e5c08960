package com.connectorservice.syncjob.parameters;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.syncjob.InvalidSyncJobException;

/**
 * DataWorks scheduling parameters, evaluated at a scheduled time (the instance's "cycle time") in the job's
 * time zone:
 * <ul>
 * <li>{@code $[format]}, {@code $[format-N]} (days), {@code $[format-N/24]} (hours), {@code $[format-N/24/60]}
 * (minutes), {@code +} as well, and {@code $[add_months(format,-N)]}: relative to the scheduled time;</li>
 * <li>{@code ${format}} and {@code ${format-N}} (days) with date tokens only: relative to the business date,
 * the day before the scheduled date;</li>
 * <li>{@code $bizdate} (yyyymmdd of the business date), {@code $cyctime} (yyyymmddhh24miss of the scheduled
 * time), {@code $gmtdate} (yyyymmdd of the scheduled date).</li>
 * </ul>
 * Formats use {@code yyyy yy mm dd hh24 hh mi ss} ({@code mm} is the month, {@code mi} the minute). Any other
 * text is kept as written, so {@code $[yyyymmddhh24mi-8/24/60]00} at 2022-11-22 10:00 is {@code 20221122095200}.
 */
public final class SchedulingParameters {

    private static final Pattern CYCLE_EXPRESSION = Pattern.compile("\\$\\[([^\\]]*)]");
    private static final Pattern BUSINESS_DATE_EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ADD_MONTHS = Pattern.compile("add_months\\(\\s*([^,]+?)\\s*,\\s*([+-]?\\d+)\\s*\\)");
    private static final Pattern OFFSET = Pattern.compile("^(.*?)([+-])(\\d+)(/24(/60)?)?$");
    private static final Pattern BUILT_IN = Pattern.compile("\\$(bizdate|cyctime|gmtdate)\\b");
    private static final DateTimeFormatter CYCTIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** A parameter name: what {@code ${name}} refers to in the source and destination fields. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private SchedulingParameters() {
    }

    /**
     * The value of one parameter expression at {@code scheduled}.
     *
     * @throws InvalidSyncJobException with field "" and rule {@code parameter.expression}, naming the bad part
     */
    public static String evaluate(String expression, LocalDateTime scheduled) {
        if (expression == null) {
            return null;
        }
        try {
            String withCycle = replace(CYCLE_EXPRESSION, expression, inner -> cycleExpression(inner.trim(), scheduled));
            String withBusiness = replace(BUSINESS_DATE_EXPRESSION, withCycle,
                    inner -> businessDateExpression(inner.trim(), scheduled));
            return replace(BUILT_IN, withBusiness, name -> switch (name) {
                case "bizdate" -> scheduled.minusDays(1).format(DATE);
                case "cyctime" -> scheduled.format(CYCTIME);
                default -> scheduled.format(DATE);
            });
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // an offset of more days, months or minutes than any calendar holds
            throw invalid("'" + expression + "' reaches no date: its offset is out of range (" + e.getMessage() + ")");
        }
    }

    /** Evaluates every parameter; a failure names {@code parameters.<name>}. */
    public static Map<String, String> evaluateAll(Map<String, String> parameters, LocalDateTime scheduled) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, expression) -> {
            try {
                values.put(name, evaluate(expression, scheduled));
            } catch (InvalidSyncJobException e) {
                throw e.under("parameters." + name);
            }
        });
        return values;
    }

    /** Whether {@code inner} (the text between <code>${</code> and <code>}</code>) is a business-date expression. */
    public static boolean isBusinessDateExpression(String inner) {
        try {
            businessDateExpression(inner.trim(), LocalDateTime.of(2000, 1, 1, 0, 0));
            return true;
        } catch (InvalidSyncJobException e) {
            return false;
        }
    }

    private static String cycleExpression(String inner, LocalDateTime scheduled) {
        Matcher addMonths = ADD_MONTHS.matcher(inner);
        if (addMonths.matches()) {
            DateFormat format = format(addMonths.group(1), "$[" + inner + "]");
            return format.format(scheduled.plusMonths(Long.parseLong(addMonths.group(2).replace("+", ""))));
        }
        if (inner.startsWith("add_months")) {
            throw invalid("$[" + inner + "] must read $[add_months(format,N)], e.g. $[add_months(yyyymmdd,-1)]");
        }
        Matcher offset = OFFSET.matcher(inner);
        if (offset.matches() && !offset.group(1).isEmpty()) {
            DateFormat format = format(offset.group(1), "$[" + inner + "]");
            long amount = Long.parseLong(offset.group(3)) * (offset.group(2).equals("-") ? -1 : 1);
            LocalDateTime shifted = offset.group(5) != null ? scheduled.plusMinutes(amount)
                    : offset.group(4) != null ? scheduled.plusHours(amount) : scheduled.plusDays(amount);
            return format.format(shifted);
        }
        return format(inner, "$[" + inner + "]").format(scheduled);
    }

    private static String businessDateExpression(String inner, LocalDateTime scheduled) {
        LocalDateTime businessDate = scheduled.minusDays(1).toLocalDate().atStartOfDay();
        Matcher offset = OFFSET.matcher(inner);
        DateFormat format;
        long days = 0;
        if (offset.matches() && !offset.group(1).isEmpty()) {
            if (offset.group(4) != null) {
                throw invalid("${" + inner + "} is relative to the business date and takes whole days only;"
                        + " use $[...] for hours and minutes, e.g. $[yyyymmddhh24-1/24]");
            }
            format = format(offset.group(1), "${" + inner + "}");
            days = Long.parseLong(offset.group(3)) * (offset.group(2).equals("-") ? -1 : 1);
        } else {
            format = format(inner, "${" + inner + "}");
        }
        if (!format.dateOnly()) {
            throw invalid("${" + inner + "} is a business date and takes yyyy, yy, mm, dd only; use $[...] for times,"
                    + " e.g. $[yyyymmddhh24mi]");
        }
        return format.format(businessDate.plusDays(days));
    }

    private static DateFormat format(String text, String expression) {
        try {
            return DateFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(expression + ": " + e.getMessage());
        }
    }

    private static InvalidSyncJobException invalid(String message) {
        return new InvalidSyncJobException("", "parameter.expression", message);
    }

    private static String replace(Pattern pattern, String text, java.util.function.UnaryOperator<String> replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group(1))));
        }
        matcher.appendTail(out);
        if (pattern == CYCLE_EXPRESSION && out.indexOf("$[") >= 0) {
            throw invalid("'" + text + "' has a $[ without its closing ]");
        }
        return out.toString();
    }
}
