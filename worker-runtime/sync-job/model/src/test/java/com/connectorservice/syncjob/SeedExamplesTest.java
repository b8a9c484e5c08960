package com.connectorservice.syncjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.syncjob.schedule.Schedule;
import com.connectorservice.syncjob.window.RecommendedParameters;
import com.connectorservice.syncjob.window.SyncWindow;
import com.connectorservice.syncjob.window.WindowTemplate;

/**
 * Seed 002's five typical configurations ("典型场景"): each parameter set, evaluated at the seed's start time,
 * gives exactly the window and partition its table states; each schedule fires where the seed says.
 */
class SeedExamplesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static SyncWindow window(String start, String end, String partition, String at) {
        return new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", start, "endTime", end, "partition", partition), SHANGHAI)
                .resolve(LocalDateTime.parse(at));
    }

    private static void assertWindow(SyncWindow window, String start, String end, String partitionSpec) {
        assertThat(window.start()).isEqualTo(LocalDateTime.parse(start).atZone(SHANGHAI).toInstant());
        assertThat(window.end()).isEqualTo(LocalDateTime.parse(end).atZone(SHANGHAI).toInstant());
        assertThat(window.partitionSpec()).isEqualTo(partitionSpec);
    }

    @Test
    void everyFiveMinutes() {
        SyncWindow window = window("$[yyyymmddhh24mi-8/24/60]00", "$[yyyymmddhh24mi-3/24/60]00",
                "$[yyyymmddhh24mi-8/24/60]", "2022-11-22T10:00");
        assertWindow(window, "2022-11-22T09:52", "2022-11-22T09:57", "ds=202211220952");
        assertThat(window.parameters()).containsEntry("startTime", "20221122095200").containsEntry("endTime", "20221122095700");

        Schedule schedule = Schedule.minutes(5, "00:00", "23:59").requireValid();
        assertThat(schedule.nextTimes(at("2022-11-22T09:57"), 3)).containsExactly(at("2022-11-22T10:00"),
                at("2022-11-22T10:05"), at("2022-11-22T10:10"));
        assertThat(schedule.next(at("2022-11-22T23:55"))).isEqualTo(at("2022-11-23T00:00"));
        assertThat(schedule.timesOfDay()).hasSize(288);
    }

    @Test
    void hourly() {
        assertWindow(window("$[yyyymmddhh24-1/24]0000", "$[yyyymmddhh24]0000", "$[yyyymmddhh24]", "2022-11-22T10:05"),
                "2022-11-22T09:00", "2022-11-22T10:00", "ds=2022112210");
        // "every 2 hours: startTime=$[yyyymmddhh24-2/24]0000, the other parameters unchanged"
        assertWindow(window("$[yyyymmddhh24-2/24]0000", "$[yyyymmddhh24]0000", "$[yyyymmddhh24]", "2022-11-22T10:05"),
                "2022-11-22T08:00", "2022-11-22T10:00", "ds=2022112210");
        assertWindow(window("$[yyyymmddhh24-3/24]0000", "$[yyyymmddhh24]0000", "$[yyyymmddhh24]", "2022-11-22T10:05"),
                "2022-11-22T07:00", "2022-11-22T10:00", "ds=2022112210");

        Schedule schedule = Schedule.hours(1, "00:15", "23:59").requireValid();
        assertThat(schedule.nextTimes(at("2022-11-22T09:20"), 2)).containsExactly(at("2022-11-22T10:15"), at("2022-11-22T11:15"));
        assertThat(schedule.next(at("2022-11-22T23:15"))).isEqualTo(at("2022-11-23T00:15"));
        assertThat(schedule.timesOfDay()).hasSize(24);
        assertThat(schedule.cronExpressions()).containsExactly("0 15 0-23 * * ?");
    }

    @Test
    void daily() {
        assertWindow(window("$[yyyymmdd-1]000000", "$[yyyymmdd]000000", "$[yyyymmdd-1]", "2022-11-22T00:05"),
                "2022-11-21T00:00", "2022-11-22T00:00", "ds=20221121");
        Schedule schedule = Schedule.daily("00:15").requireValid();
        assertThat(schedule.nextTimes(at("2022-11-22T00:05"), 2)).containsExactly(at("2022-11-22T00:15"), at("2022-11-23T00:15"));
        assertThat(schedule.cronExpressions()).containsExactly("0 15 0 * * ?");
    }

    @Test
    void weekly() {
        assertWindow(window("$[yyyymmdd-7]000000", "$[yyyymmdd]000000", "$[yyyymmdd-1]", "2022-11-22T00:05"),
                "2022-11-15T00:00", "2022-11-22T00:00", "ds=20221121");
        Schedule schedule = Schedule.weekly("00:15", DayOfWeek.MONDAY).requireValid();
        assertThat(schedule.nextTimes(at("2022-11-22T00:05"), 2)).containsExactly(at("2022-11-28T00:15"), at("2022-12-05T00:15"));
        assertThat(schedule.cronExpressions()).containsExactly("0 15 0 ? * MON");
    }

    @Test
    void monthly() {
        assertWindow(window("$[add_months(yyyymmdd,-1)]000000", "$[yyyymmdd]000000", "$[yyyymmdd-1]", "2022-11-22T00:05"),
                "2022-10-22T00:00", "2022-11-22T00:00", "ds=20221121");
        Schedule schedule = Schedule.monthly("00:15", 1).requireValid();
        assertThat(schedule.nextTimes(at("2022-11-22T00:05"), 2)).containsExactly(at("2022-12-01T00:15"), at("2023-01-01T00:15"));
        assertThat(schedule.cronExpressions()).containsExactly("0 15 0 1 * ?");
    }

    @Test
    void theSeedsTrialRunQueriesPartition2022112200() {
        // "带参运行": the parameters get values directly; the seed then checks ds=2022112200
        SyncWindow window = new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24-1/24]0000", "endTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmddhh24]"),
                SHANGHAI).resolve(LocalDateTime.parse("2022-11-22T10:05"),
                        Map.of("startTime", "20221121230000", "endTime", "20221122000000", "partition", "2022112200"));
        assertWindow(window, "2022-11-21T23:00", "2022-11-22T00:00", "ds=2022112200");
    }

    @Test
    void theRecommendedParametersAreTheSeedsTable() {
        assertThat(RecommendedParameters.forSchedule(Schedule.minutes(5, "00:00", "23:59"))).containsExactly(
                Map.entry("startTime", "$[yyyymmddhh24mi-8/24/60]00"), Map.entry("endTime", "$[yyyymmddhh24mi-3/24/60]00"),
                Map.entry("partition", "$[yyyymmddhh24mi-8/24/60]"));
        assertThat(RecommendedParameters.forSchedule(Schedule.hours(1, "00:15", "23:59"))).containsExactly(
                Map.entry("startTime", "$[yyyymmddhh24-1/24]0000"), Map.entry("endTime", "$[yyyymmddhh24]0000"),
                Map.entry("partition", "$[yyyymmddhh24]"));
        assertThat(RecommendedParameters.forSchedule(Schedule.hours(2, "00:15", "23:59"))).containsEntry("startTime",
                "$[yyyymmddhh24-2/24]0000");
        assertThat(RecommendedParameters.forSchedule(Schedule.daily("00:15"))).containsExactly(
                Map.entry("startTime", "$[yyyymmdd-1]000000"), Map.entry("endTime", "$[yyyymmdd]000000"),
                Map.entry("partition", "$[yyyymmdd-1]"));
        assertThat(RecommendedParameters.forSchedule(Schedule.weekly("00:15", DayOfWeek.MONDAY))).containsEntry("startTime",
                "$[yyyymmdd-7]000000");
        assertThat(RecommendedParameters.forSchedule(Schedule.monthly("00:15", 1))).containsEntry("startTime",
                "$[add_months(yyyymmdd,-1)]000000");
    }

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI);
    }
}
