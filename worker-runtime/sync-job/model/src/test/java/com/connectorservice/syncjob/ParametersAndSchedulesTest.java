package com.connectorservice.syncjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.syncjob.parameters.SchedulingParameters;
import com.connectorservice.syncjob.schedule.Schedule;
import com.connectorservice.syncjob.schedule.ScheduleType;
import com.connectorservice.syncjob.table.TargetTableDdl;
import com.connectorservice.syncjob.window.SyncWindow;
import com.connectorservice.syncjob.window.WindowTemplate;

class ParametersAndSchedulesTest {

    private static final LocalDateTime AT = LocalDateTime.parse("2022-11-22T10:05:30");

    @Test
    void expressionsRelativeToTheScheduledTime() {
        assertThat(SchedulingParameters.evaluate("$[yyyymmdd]", AT)).isEqualTo("20221122");
        assertThat(SchedulingParameters.evaluate("$[yyyy-mm-dd hh24:mi:ss]", AT)).isEqualTo("2022-11-22 10:05:30");
        assertThat(SchedulingParameters.evaluate("$[yyyy-mm-dd-1]", AT)).isEqualTo("2022-11-21");
        assertThat(SchedulingParameters.evaluate("$[hh24mi+30/24/60]", AT)).isEqualTo("1035");
        assertThat(SchedulingParameters.evaluate("$[yyyymmddhh24-25/24]", AT)).isEqualTo("2022112109");
        assertThat(SchedulingParameters.evaluate("$[add_months(yyyymmdd,-12)]", AT)).isEqualTo("20211122");
        assertThat(SchedulingParameters.evaluate("$[add_months(yyyymm,+2)]", AT)).isEqualTo("202301");
        assertThat(SchedulingParameters.evaluate("$[yymmdd hh]", LocalDateTime.parse("2022-11-22T15:00"))).isEqualTo("221122 03");
        assertThat(SchedulingParameters.evaluate("p_$[yyyymmdd]_x", AT)).isEqualTo("p_20221122_x");
    }

    @Test
    void businessDateAndBuiltIns() {
        assertThat(SchedulingParameters.evaluate("${yyyymmdd}", AT)).isEqualTo("20221121");
        assertThat(SchedulingParameters.evaluate("${yyyy-mm-dd-1}", AT)).isEqualTo("2022-11-20");
        assertThat(SchedulingParameters.evaluate("$bizdate", AT)).isEqualTo("20221121");
        assertThat(SchedulingParameters.evaluate("$cyctime", AT)).isEqualTo("20221122100530");
        assertThat(SchedulingParameters.evaluate("$gmtdate", AT)).isEqualTo("20221122");
    }

    @Test
    void invalidExpressionsNameTheRule() {
        for (String bad : List.of("$[yyyymmddHH24]", "$[abc]", "$[yyyymmdd", "$[add_months(yyyymmdd)]", "$[]",
                "${yyyymmdd-1/24}", "${hh24mi}",
                // offsets past any calendar
                "$[add_months(yyyymmdd,99999999999)]", "$[yyyymmdd-99999999999999999999]", "$[yyyymmdd+9999999999999]",
                "${yyyymmdd-9999999999999}", "$[yyyymmddhh24mi-99999999999999999/24/60]")) {
            assertThatThrownBy(() -> SchedulingParameters.evaluate(bad, AT)).as(bad)
                    .isInstanceOfSatisfying(InvalidSyncJobException.class,
                            e -> assertThat(e.violations().get(0).rule()).isEqualTo("parameter.expression"));
        }
    }

    @Test
    void windowFieldsNameTheFieldAndTheRule() {
        ZoneId zone = ZoneId.of("UTC");
        assertThatThrownBy(() -> new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24]0000", "endTime", "$[yyyymmddhh24-1/24]0000", "partition", "$[yyyymmddhh24]"),
                zone).resolve(AT)).isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("source.endTime");
                            assertThat(v.rule()).isEqualTo("window.endBeforeStart");
                        }));
        // a trial run's window given by hand: Kafka has no record timestamps before the epoch
        assertThatThrownBy(() -> new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24]0000", "endTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmdd]"),
                zone).resolve(AT, Map.of("startTime", "19691231230000", "endTime", "19700101010000")))
                .isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("source.startTime");
                            assertThat(v.rule()).isEqualTo("time.range");
                            assertThat(v.message()).contains("19691231230000", "1970-01-01");
                        }));
        assertThat(new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}", Map.of("startTime",
                "$[yyyymmddhh24]0000", "endTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmdd]"), zone)
                .resolve(AT, Map.of("startTime", "19700101000000", "endTime", "19700101010000")).start())
                .isEqualTo(Instant.EPOCH);
        assertThat(new WindowTemplate("${startTime}", "${endTme}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmddhh24]"), zone).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("source.endTime");
                    assertThat(v.rule()).isEqualTo("parameter.undefined");
                    assertThat(v.message()).contains("endTme");
                });
        assertThat(new WindowTemplate("${startTime}", "$[yyyymmddhh24]0000", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24-1/24]", "partition", "$[yyyymmdd hh24]"), zone).violations())
                .extracting(v -> v.field() + " " + v.rule())
                .containsExactlyInAnyOrder("source.startTime time.format", "destination.partition partition.format");
        assertThat(new WindowTemplate("${startTime}", "$[yyyymmddhh24]0000", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh 24-1/24]0000", "partition", "x"), zone).violations())
                .extracting(v -> v.field() + " " + v.rule()).contains("parameters.startTime parameter.expression");
        // a run with a parameter given no value, and a partition longer than a run keeps: named once each
        Map<String, String> given = new java.util.HashMap<>();
        given.put("startTime", null);
        assertThatThrownBy(() -> new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24-1/24]0000", "endTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmddhh24]"),
                zone).resolve(AT, given)).isInstanceOfSatisfying(InvalidSyncJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field() + " " + v.rule()).containsExactly("parameters.startTime parameter.required"));
        assertThatThrownBy(() -> new WindowTemplate("${startTime}", "${endTime}", "ds=${partition}",
                Map.of("startTime", "$[yyyymmddhh24-1/24]0000", "endTime", "$[yyyymmddhh24]0000", "partition", "$[yyyymmddhh24]"),
                zone).resolve(AT, Map.of("partition", "x".repeat(600)))).isInstanceOfSatisfying(InvalidSyncJobException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.field() + " " + v.rule())
                                .containsExactly("destination.partition partition.length"));
        SyncWindow direct = new WindowTemplate("$[yyyymmddhh24-1/24]0000", "$[yyyymmddhh24]0000", "ds=$[yyyymmddhh24],hh=x",
                Map.of(), zone).resolve(AT);
        assertThat(direct.partitionSpec()).isEqualTo("ds=2022112210,hh=x");
    }

    @Test
    void scheduleRules() {
        assertThat(new Schedule(ScheduleType.MINUTE, 0, "10:00", "09:00", null, null, null).violations())
                .extracting(v -> v.field() + " " + v.rule())
                .containsExactly("interval schedule.interval.range", "endTime schedule.endTime.beforeStart");
        assertThat(new Schedule(ScheduleType.WEEK, null, null, null, "25:00", null, null).violations())
                .extracting(v -> v.field() + " " + v.rule())
                .containsExactly("time schedule.time.format", "daysOfWeek schedule.daysOfWeek.required");
        assertThat(Schedule.monthly("00:15", 0, 32).violations()).extracting(v -> v.field() + " " + v.rule())
                .containsExactly("daysOfMonth[0] schedule.daysOfMonth.range", "daysOfMonth[1] schedule.daysOfMonth.range");
        assertThat(new Schedule(null, null, null, null, null, null, null).violations()).extracting(v -> v.rule())
                .containsExactly("schedule.type.required");
        // a JSON null in the list is named, not a failure of the check itself
        assertThat(new Schedule(ScheduleType.MONTH, null, null, null, "00:15", null, java.util.Arrays.asList(1, null))
                .violations()).extracting(v -> v.field() + " " + v.rule()).containsExactly("daysOfMonth[1] schedule.daysOfMonth.range");
        assertThat(new Schedule(ScheduleType.WEEK, null, null, null, "00:15", java.util.Arrays.asList((DayOfWeek) null), null)
                .violations()).extracting(v -> v.field() + " " + v.rule()).containsExactly("daysOfWeek[0] schedule.daysOfWeek.required");
    }

    @Test
    void minuteSchedulesThatDoNotDivideTheHourGetOneCronPerGroupOfHours() {
        Schedule schedule = Schedule.minutes(7, "00:10", "02:00");
        assertThat(schedule.timesOfDay()).hasSize(16);
        assertThat(schedule.cronExpressions()).containsExactly("0 10-59/7 0 * * ?", "0 6-55/7 1 * * ?");
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        ZonedDateTime at = LocalDateTime.parse("2022-11-22T01:56").atZone(zone);
        assertThat(schedule.next(at)).isEqualTo(LocalDateTime.parse("2022-11-23T00:10").atZone(zone));
        assertThat(schedule.latestAtOrBefore(at)).contains(LocalDateTime.parse("2022-11-22T01:55").atZone(zone));
        assertThat(schedule.timesBetween(LocalDateTime.parse("2022-11-22T01:40").atZone(zone), at, 10)).hasSize(3);
        assertThat(Schedule.monthly("00:15", 31).next(LocalDateTime.parse("2022-11-22T00:00").atZone(zone)))
                .isEqualTo(LocalDateTime.parse("2022-12-31T00:15").atZone(zone));
        assertThat(Schedule.weekly("08:00", DayOfWeek.FRIDAY, DayOfWeek.MONDAY).cronExpressions())
                .containsExactly("0 0 8 ? * MON,FRI");
    }

    @Test
    void generatedTargetTableIsTheSeedsAppendix() {
        assertThat(TargetTableDdl.createTable("test_topic", "ds=${partition}")).isEqualTo("""
                CREATE TABLE IF NOT EXISTS `test_topic` (
                  `__key__` STRING COMMENT 'Kafka record key',
                  `__value__` STRING COMMENT 'Kafka record value',
                  `__partition__` BIGINT COMMENT 'Kafka partition, from 0',
                  `__headers__` STRING COMMENT 'Kafka record headers',
                  `__offset__` BIGINT COMMENT 'offset in the partition, from 0',
                  `__timestamp__` BIGINT COMMENT '13-digit millisecond timestamp'
                )
                COMMENT 'Kafka topic test_topic'
                PARTITIONED BY (`ds` STRING)
                LIFECYCLE 36500;""");
        assertThat(TargetTableDdl.tableName("orders.v1-eu")).isEqualTo("orders_v1_eu");
        assertThat(TargetTableDdl.partitionColumns("ds=${a},HH=${b}")).containsExactly("ds", "hh");
    }
}
