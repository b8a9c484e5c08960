package com.connectorservice.agent.runtime;

/**
 * What a connector's worker costs its host, as far as the runtime can tell: the process runtime reads its JVM's
 * resident memory; a runtime hosting several connectors in one JVM attributes its share.
 */
public record WorkerUsage(long residentBytes) {
}
