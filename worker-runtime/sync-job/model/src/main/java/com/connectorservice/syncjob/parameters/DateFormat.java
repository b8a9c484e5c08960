package com.connectorservice.syncjob.parameters;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A DataWorks date format such as {@code yyyymmddhh24mi} or {@code yyyy-mm-dd}: {@code yyyy}, {@code yy},
 * {@code mm} (month), {@code dd}, {@code hh24} (00-23), {@code hh} (01-12), {@code mi} (minute), {@code ss},
 * and the separators {@code - : _ . / space}.
 */
final class DateFormat {

    private static final String SEPARATORS = "-:_./ ";
    private static final String[] TOKENS = { "yyyy", "yy", "mm", "dd", "hh24", "hh", "mi", "ss" };

    private final List<String> parts;
    private final boolean dateOnly;

    private DateFormat(List<String> parts) {
        this.parts = parts;
        this.dateOnly = parts.stream().noneMatch(p -> p.equals("hh24") || p.equals("hh") || p.equals("mi") || p.equals("ss"));
    }

    /** @throws IllegalArgumentException naming what is not a token */
    static DateFormat parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the date format is empty (use tokens such as yyyymmdd, hh24, mi, ss)");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        boolean hasToken = false;
        outer:
        while (i < text.length()) {
            for (String token : TOKENS) {
                if (text.startsWith(token, i)) {
                    parts.add(token);
                    i += token.length();
                    hasToken = true;
                    continue outer;
                }
            }
            char c = text.charAt(i);
            if (SEPARATORS.indexOf(c) < 0) {
                throw new IllegalArgumentException("'" + text.substring(i) + "' in date format '" + text
                        + "' is not one of the tokens yyyy, yy, mm, dd, hh24, hh, mi, ss (lower case) or a separator - : _ . / space");
            }
            parts.add(String.valueOf(c));
            i++;
        }
        if (!hasToken) {
            throw new IllegalArgumentException("date format '" + text + "' has no token such as yyyymmdd");
        }
        return new DateFormat(parts);
    }

    boolean dateOnly() {
        return dateOnly;
    }

    String format(LocalDateTime time) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            switch (part) {
                case "yyyy" -> out.append(String.format("%04d", time.getYear()));
                case "yy" -> out.append(String.format("%02d", time.getYear() % 100));
                case "mm" -> out.append(String.format("%02d", time.getMonthValue()));
                case "dd" -> out.append(String.format("%02d", time.getDayOfMonth()));
                case "hh24" -> out.append(String.format("%02d", time.getHour()));
                case "hh" -> out.append(String.format("%02d", time.getHour() % 12 == 0 ? 12 : time.getHour() % 12));
                case "mi" -> out.append(String.format("%02d", time.getMinute()));
                case "ss" -> out.append(String.format("%02d", time.getSecond()));
                default -> out.append(part);
            }
        }
        return out.toString();
    }
}
