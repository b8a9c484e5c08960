package com.connectorservice.controlplane.syncjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import com.connectorservice.syncjob.schedule.Schedule;

/** The Quartz cron triggers a schedule becomes fire exactly at the times the pure schedule (and the preview) names. */
class CronTriggersMatchTheScheduleTest {

    @Test
    void seedSchedulesAndOddOnes() throws ParseException {
        List<Schedule> schedules = List.of(Schedule.minutes(5, "00:00", "23:59"), Schedule.hours(1, "00:15", "23:59"),
                Schedule.daily("00:15"), Schedule.weekly("00:15", DayOfWeek.MONDAY), Schedule.monthly("00:15", 1),
                Schedule.minutes(7, "08:10", "17:00"), Schedule.hours(5, "01:30", "22:00"), Schedule.monthly("23:45", 31, 15),
                Schedule.weekly("12:00", DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY), Schedule.minutes(1, "00:15", "23:59"),
                Schedule.minutes(2, "00:01", "23:59"), Schedule.minutes(7, "00:15", "23:59"), Schedule.hours(1, "03:20", "21:20"),
                Schedule.monthly("06:00", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                        26, 27, 28, 29, 30, 31), Schedule.monthly("06:00", 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19, 21, 22, 24,
                        25, 27, 28, 30, 31));
        for (String zoneId : List.of("Asia/Shanghai", "UTC", "America/New_York")) {
            ZoneId zone = ZoneId.of(zoneId);
            for (Schedule schedule : schedules) {
                // Quartz's table stores an expression of at most 120 characters (V131__quartz.sql)
                assertThat(schedule.cronExpressions()).as(schedule.describe()).allSatisfy(text -> assertThat(text).hasSizeLessThanOrEqualTo(120));
                ZonedDateTime start = LocalDateTime.parse("2024-02-25T23:00").atZone(zone);
                assertThat(quartzTimes(schedule, zone, start, 400)).as(schedule.describe() + " in " + zone)
                        .isEqualTo(schedule.nextTimes(start, 400).stream().map(ZonedDateTime::toInstant).toList());
            }
        }
    }

    private static List<java.time.Instant> quartzTimes(Schedule schedule, ZoneId zone, ZonedDateTime after, int count)
            throws ParseException {
        List<CronExpression> expressions = new ArrayList<>();
        for (String text : schedule.cronExpressions()) {
            CronExpression expression = new CronExpression(text);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            expressions.add(expression);
        }
        List<java.time.Instant> times = new ArrayList<>();
        Date cursor = Date.from(after.toInstant());
        while (times.size() < count) {
            Date next = null;
            for (CronExpression expression : expressions) {
                Date candidate = expression.getNextValidTimeAfter(cursor);
                if (candidate != null && (next == null || candidate.before(next))) {
                    next = candidate;
                }
            }
            times.add(next.toInstant());
            cursor = next;
        }
        return times;
    }
}
