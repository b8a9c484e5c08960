package com.connectorservice.controlplane.syncjob;

/** Why a run exists: the schedule, a run with parameters (seed 002's trial run), or a rerun of an earlier window. */
public enum SyncRunTrigger { SCHEDULE, MISSED, TRIAL, RERUN }
