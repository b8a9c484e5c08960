package com.connectorservice.syncjob.schedule;

/** The scheduling cycles of seed 002: every N minutes or hours within a day, daily, weekly, monthly. */
public enum ScheduleType { MINUTE, HOUR, DAY, WEEK, MONTH }
