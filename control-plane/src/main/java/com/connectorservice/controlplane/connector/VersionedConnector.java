package com.connectorservice.controlplane.connector;

/** A connector as answered with the entity tag of its stored definition (the {@code ETag} header). */
record VersionedConnector(ConnectorResponse connector, String etag) {
}
