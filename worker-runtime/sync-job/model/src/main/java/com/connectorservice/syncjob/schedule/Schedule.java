package com.connectorservice.syncjob.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.Violation;

/**
 * When a sync job runs (seed 002 "调度周期"), as DataWorks offers it:
 * <ul>
 * <li>{@code MINUTE}: from {@code startTime} every {@code interval} minutes until {@code endTime}, each day;</li>
 * <li>{@code HOUR}: from {@code startTime} every {@code interval} hours until {@code endTime}, each day;</li>
 * <li>{@code DAY}: at {@code time} each day;</li>
 * <li>{@code WEEK}: at {@code time} on each of {@code daysOfWeek};</li>
 * <li>{@code MONTH}: at {@code time} on each of {@code daysOfMonth} (a day a month lacks is skipped).</li>
 * </ul>
 * Times of day are {@code HH:mm} in the job's time zone. Pure: the control plane turns it into Quartz cron
 * triggers ({@link #cronExpressions()}) and previews windows with {@link #next}.
 */
public record Schedule(ScheduleType type, Integer interval, String startTime, String endTime, String time,
        List<DayOfWeek> daysOfWeek, List<Integer> daysOfMonth) {

    /** A day of slots is searched at most this far ahead (a 31st of February never comes). */
    private static final int SEARCH_DAYS = 800;

    public Schedule {
        // not List.copyOf, which throws on a null element: violations() names it instead
        daysOfWeek = daysOfWeek == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daysOfWeek));
        daysOfMonth = daysOfMonth == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daysOfMonth));
    }

    public static Schedule minutes(int interval, String startTime, String endTime) {
        return new Schedule(ScheduleType.MINUTE, interval, startTime, endTime, null, null, null);
    }

    public static Schedule hours(int interval, String startTime, String endTime) {
        return new Schedule(ScheduleType.HOUR, interval, startTime, endTime, null, null, null);
    }

    public static Schedule daily(String time) {
        return new Schedule(ScheduleType.DAY, null, null, null, time, null, null);
    }

    public static Schedule weekly(String time, DayOfWeek... days) {
        return new Schedule(ScheduleType.WEEK, null, null, null, time, List.of(days), null);
    }

    public static Schedule monthly(String time, Integer... days) {
        return new Schedule(ScheduleType.MONTH, null, null, null, time, null, List.of(days));
    }

    /** Fills what the console pre-fills: interval 1 hour / 5 minutes, 00:00 to 23:59, daily at 00:00. */
    public Schedule withDefaults() {
        if (type == null) {
            return this;
        }
        return switch (type) {
            case MINUTE, HOUR -> new Schedule(type, interval == null ? (type == ScheduleType.MINUTE ? 5 : 1) : interval,
                    startTime == null ? "00:00" : startTime, endTime == null ? "23:59" : endTime, null, null, null);
            case DAY, WEEK, MONTH -> new Schedule(type, null, null, null, time == null ? "00:00" : time,
                    type == ScheduleType.WEEK ? daysOfWeek : null, type == ScheduleType.MONTH ? daysOfMonth : null);
        };
    }

    /** Every rule this schedule breaks, fields relative to the schedule (e.g. {@code interval}). */
    public List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        if (type == null) {
            violations.add(new Violation("type", "schedule.type.required", "type is required: one of MINUTE, HOUR, DAY, WEEK, MONTH"));
            return violations;
        }
        switch (type) {
            case MINUTE, HOUR -> {
                int max = type == ScheduleType.MINUTE ? 59 : 23;
                if (interval == null || interval < 1 || interval > max) {
                    violations.add(new Violation("interval", "schedule.interval.range", "interval must be 1 to " + max + " "
                            + (type == ScheduleType.MINUTE ? "minutes" : "hours") + ", got " + interval));
                }
                LocalTime start = timeOfDay(startTime, "startTime", violations);
                LocalTime end = timeOfDay(endTime, "endTime", violations);
                if (start != null && end != null && end.isBefore(start)) {
                    violations.add(new Violation("endTime", "schedule.endTime.beforeStart",
                            "endTime " + endTime + " is before startTime " + startTime));
                }
            }
            case DAY, WEEK, MONTH -> {
                timeOfDay(time, "time", violations);
                if (type == ScheduleType.WEEK) {
                    if (daysOfWeek.isEmpty()) {
                        violations.add(new Violation("daysOfWeek", "schedule.daysOfWeek.required",
                                "a weekly schedule needs at least one day of the week, e.g. [\"MONDAY\"]"));
                    }
                    for (int i = 0; i < daysOfWeek.size(); i++) {
                        if (daysOfWeek.get(i) == null) {
                            violations.add(new Violation("daysOfWeek[" + i + "]", "schedule.daysOfWeek.required",
                                    "a day of the week must be one of MONDAY to SUNDAY, got nothing"));
                        }
                    }
                }
                if (type == ScheduleType.MONTH) {
                    if (daysOfMonth.isEmpty()) {
                        violations.add(new Violation("daysOfMonth", "schedule.daysOfMonth.required",
                                "a monthly schedule needs at least one day of the month, e.g. [1]"));
                    }
                    for (int i = 0; i < daysOfMonth.size(); i++) {
                        Integer day = daysOfMonth.get(i);
                        if (day == null || day < 1 || day > 31) {
                            violations.add(new Violation("daysOfMonth[" + i + "]", "schedule.daysOfMonth.range",
                                    "a day of the month must be 1 to 31, got " + day));
                        }
                    }
                }
            }
        }
        return violations;
    }

    public Schedule requireValid() {
        List<Violation> violations = violations();
        if (!violations.isEmpty()) {
            throw new InvalidSyncJobException(violations);
        }
        return this;
    }

    /** The times of day the job runs on a day it runs, in order. */
    public List<LocalTime> timesOfDay() {
        if (type == ScheduleType.MINUTE || type == ScheduleType.HOUR) {
            LocalTime start = LocalTime.parse(startTime);
            LocalTime end = LocalTime.parse(endTime);
            List<LocalTime> times = new ArrayList<>();
            long step = type == ScheduleType.MINUTE ? interval : interval * 60L;
            for (long minute = start.toSecondOfDay() / 60; minute <= end.toSecondOfDay() / 60; minute += step) {
                times.add(LocalTime.ofSecondOfDay(minute * 60));
            }
            return times;
        }
        return List.of(LocalTime.parse(time));
    }

    public boolean runsOn(LocalDate day) {
        return switch (type) {
            case MINUTE, HOUR, DAY -> true;
            case WEEK -> daysOfWeek.contains(day.getDayOfWeek());
            case MONTH -> daysOfMonth.contains(day.getDayOfMonth());
        };
    }

    /** The first scheduled time strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        List<LocalTime> times = timesOfDay();
        LocalDate day = after.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!runsOn(day)) {
                continue;
            }
            for (LocalTime time : times) {
                ZonedDateTime candidate = ZonedDateTime.of(day, time, zone);
                if (candidate.isAfter(after)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("schedule " + this + " has no time within " + SEARCH_DAYS + " days");
    }

    /** The latest scheduled time at or before {@code at}, if one exists within the search range. */
    public Optional<ZonedDateTime> latestAtOrBefore(ZonedDateTime at) {
        ZoneId zone = at.getZone();
        List<LocalTime> times = timesOfDay();
        LocalDate day = at.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.minusDays(1)) {
            if (!runsOn(day)) {
                continue;
            }
            for (int t = times.size() - 1; t >= 0; t--) {
                ZonedDateTime candidate = ZonedDateTime.of(day, times.get(t), zone);
                if (!candidate.isAfter(at)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The next {@code count} scheduled times after {@code after}. */
    public List<ZonedDateTime> nextTimes(ZonedDateTime after, int count) {
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime cursor = after;
        for (int i = 0; i < count; i++) {
            cursor = next(cursor);
            times.add(cursor);
        }
        return times;
    }

    /** The scheduled times in (from, to], at most {@code limit}, oldest first. */
    public List<ZonedDateTime> timesBetween(ZonedDateTime fromExclusive, ZonedDateTime toInclusive, int limit) {
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime cursor = next(fromExclusive);
        while (!cursor.isAfter(toInclusive) && times.size() < limit) {
            times.add(cursor);
            cursor = next(cursor);
        }
        return times;
    }

    /**
     * Quartz cron expressions ({@code sec min hour day-of-month month day-of-week}) whose fire times together are
     * exactly this schedule's times, to be evaluated in the job's time zone. Minute and hour schedules whose
     * hours run at different minutes (e.g. every 7 minutes) need one expression per group of hours.
     */
    public List<String> cronExpressions() {
        Map<Integer, TreeSet<Integer>> minutesByHour = new LinkedHashMap<>();
        for (LocalTime time : timesOfDay()) {
            minutesByHour.computeIfAbsent(time.getHour(), h -> new TreeSet<>()).add(time.getMinute());
        }
        Map<String, TreeSet<Integer>> hoursByMinutes = new LinkedHashMap<>();
        minutesByHour.forEach((hour, minutes) -> hoursByMinutes.computeIfAbsent(join(minutes), m -> new TreeSet<>()).add(hour));
        String days = switch (type) {
            case MINUTE, HOUR, DAY -> "* * ?";
            case WEEK -> "? * " + daysOfWeek.stream().distinct().sorted()
                    .map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
            case MONTH -> daysOfMonth.stream().distinct().sorted().map(String::valueOf).collect(Collectors.joining(",")) + " * ?";
        };
        List<String> expressions = new ArrayList<>();
        hoursByMinutes.forEach((minutes, hours) -> expressions.add("0 " + minutes + " " + join(hours) + " " + days));
        return expressions;
    }

    /**
     * A cron field's values, as short as Quartz reads them: values at even steps as {@code first-last/step} (or
     * {@code first-last} when the step is 1), any others listed. Listed one by one, every minute from 00:15 made an
     * expression longer than Quartz stores (120 characters in its table).
     */
    private static String join(TreeSet<Integer> values) {
        List<Integer> sorted = List.copyOf(values);
        if (sorted.size() >= 3) {
            int step = sorted.get(1) - sorted.get(0);
            boolean even = true;
            for (int i = 2; i < sorted.size() && even; i++) {
                even = sorted.get(i) - sorted.get(i - 1) == step;
            }
            if (even) {
                return sorted.get(0) + "-" + sorted.get(sorted.size() - 1) + (step == 1 ? "" : "/" + step);
            }
        }
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static LocalTime timeOfDay(String value, String field, List<Violation> violations) {
        if (value == null || !value.matches("\\d{2}:\\d{2}")) {
            violations.add(new Violation(field, "schedule." + field + ".format",
                    field + " must be a time of day HH:mm (00:00 to 23:59), got " + (value == null ? "nothing" : "'" + value + "'")));
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "schedule." + field + ".format",
                    field + " must be a time of day HH:mm (00:00 to 23:59), got '" + value + "'"));
            return null;
        }
    }

    /** "every 5 minutes 00:00-23:59", for logs and the console. */
    public String describe() {
        return switch (type) {
            case MINUTE -> "every " + interval + " min " + startTime + "-" + endTime;
            case HOUR -> "every " + interval + " h " + startTime + "-" + endTime;
            case DAY -> "daily at " + time;
            case WEEK -> "weekly on " + daysOfWeek.stream().map(d -> d.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + " at " + time;
            case MONTH -> "monthly on day " + daysOfMonth.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " at " + time;
        };
    }
}
