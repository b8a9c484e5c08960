package com.connectorservice.syncjob.window;

import java.util.LinkedHashMap;
import java.util.Map;

import com.connectorservice.syncjob.schedule.Schedule;

/**
 * The scheduling parameters seed 002 recommends for each cycle ("典型场景 / 推荐配置"), for a job whose source uses
 * {@code ${startTime}}, {@code ${endTime}} and whose partition uses {@code ${partition}}. Every N minutes: the
 * window ends 3 minutes before the scheduled minute and is N minutes long; every N hours: the N whole hours
 * before the scheduled hour; daily, weekly, monthly: the day, 7 days, month before the scheduled day.
 */
public final class RecommendedParameters {

    private RecommendedParameters() {
    }

    public static Map<String, String> forSchedule(Schedule schedule) {
        Map<String, String> parameters = new LinkedHashMap<>();
        switch (schedule.type()) {
            case MINUTE -> {
                int interval = schedule.interval() == null ? 5 : schedule.interval();
                parameters.put("startTime", "$[yyyymmddhh24mi-" + (interval + 3) + "/24/60]00");
                parameters.put("endTime", "$[yyyymmddhh24mi-3/24/60]00");
                parameters.put("partition", "$[yyyymmddhh24mi-" + (interval + 3) + "/24/60]");
            }
            case HOUR -> {
                int interval = schedule.interval() == null ? 1 : schedule.interval();
                parameters.put("startTime", "$[yyyymmddhh24-" + interval + "/24]0000");
                parameters.put("endTime", "$[yyyymmddhh24]0000");
                parameters.put("partition", "$[yyyymmddhh24]");
            }
            case DAY -> {
                parameters.put("startTime", "$[yyyymmdd-1]000000");
                parameters.put("endTime", "$[yyyymmdd]000000");
                parameters.put("partition", "$[yyyymmdd-1]");
            }
            case WEEK -> {
                parameters.put("startTime", "$[yyyymmdd-7]000000");
                parameters.put("endTime", "$[yyyymmdd]000000");
                parameters.put("partition", "$[yyyymmdd-1]");
            }
            case MONTH -> {
                parameters.put("startTime", "$[add_months(yyyymmdd,-1)]000000");
                parameters.put("endTime", "$[yyyymmdd]000000");
                parameters.put("partition", "$[yyyymmdd-1]");
            }
        }
        return parameters;
    }
}
