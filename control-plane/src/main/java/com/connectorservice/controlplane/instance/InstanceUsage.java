package com.connectorservice.controlplane.instance;

/**
 * What a feature keeps on an instance (connectors, sync jobs), which must be deleted before the instance can be;
 * each feature implements it.
 */
public interface InstanceUsage {

    /** How many of the feature's things live on the instance. */
    long count(String instanceId);

    /** What they are, in a sentence's words: "connector(s)". */
    String what();
}
