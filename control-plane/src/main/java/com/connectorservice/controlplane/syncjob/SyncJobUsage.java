package com.connectorservice.controlplane.syncjob;

import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.instance.InstanceUsage;

/** The sync jobs of an instance, which must be deleted before it (their rows refer to it). */
@Component
class SyncJobUsage implements InstanceUsage {

    private final SyncJobStore store;

    SyncJobUsage(SyncJobStore store) {
        this.store = store;
    }

    @Override
    public long count(String instanceId) {
        return store.countJobs(instanceId, null);
    }

    @Override
    public String what() {
        return "sync job(s)";
    }
}
