package com.connectorservice.controlplane.preview;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.destination.Destinations;

/**
 * Reads a connector's destination with its own (decrypted) credentials, through the destination's own support;
 * nothing is kept between calls.
 */
@Service
public class PreviewService {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    private final ConnectorService connectors;
    private final Destinations destinations;

    public PreviewService(ConnectorService connectors, Destinations destinations) {
        this.connectors = connectors;
        this.destinations = destinations;
    }

    public DestinationPreview preview(String instanceId, String name, String table, String partition, Integer limit) {
        int rows = checkedLimit(limit);
        ConnectorDefinition definition = connectors.definition(instanceId, name);
        return preview(definition, table, partition, rows);
    }

    DestinationPreview preview(ConnectorDefinition definition, String partition, int limit) {
        return preview(definition, null, partition, limit);
    }

    DestinationPreview preview(ConnectorDefinition definition, String table, String partition, int limit) {
        return destinations.preview(definition.destination(), table, partition, limit);
    }

    static int checkedLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "preview.limit.range",
                    "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    /**
     * The authorization module assumes roles only to check them and exposes no credentials, so a preview
     * needs the connector's own AccessKey.
     */
    public static DestinationAuth.AccessKey accessKey(DestinationAuth auth) {
        if (auth instanceof DestinationAuth.AccessKey accessKey) {
            return accessKey;
        }
        throw ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination.auth.type", "preview.auth.ramRole.unsupported",
                "the data preview reads with an AccessKey; this connector uses a RAM role, which the control plane "
                        + "does not assume for previews yet - view the rows in the destination's own console");
    }
}
