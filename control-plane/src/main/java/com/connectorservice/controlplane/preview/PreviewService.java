package com.connectorservice.controlplane.preview;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination;

/** Reads a connector's destination with its own (decrypted) credentials; nothing is kept between calls. */
@Service
public class PreviewService {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    private final ConnectorService connectors;

    public PreviewService(ConnectorService connectors) {
        this.connectors = connectors;
    }

    public DestinationPreview preview(String instanceId, String name, String partition, Integer limit) {
        int rows = checkedLimit(limit);
        ConnectorDefinition definition = connectors.definition(instanceId, name);
        return preview(definition, partition, rows);
    }

    static DestinationPreview preview(ConnectorDefinition definition, String partition, int limit) {
        if (definition.destination() instanceof MaxComputeDestination maxCompute) {
            return MaxComputePreview.read(maxCompute, accessKey(maxCompute.auth()), partition, limit);
        }
        TablestoreDestination tablestore = (TablestoreDestination) definition.destination();
        if (partition != null) {
            throw ApiException.badRequest("partition", "preview.partition.unsupported",
                    "partition applies to MaxCompute tables only; a Tablestore table has no partitions");
        }
        return TablestorePreview.read(tablestore, accessKey(tablestore.auth()), limit);
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
    private static DestinationAuth.AccessKey accessKey(DestinationAuth auth) {
        if (auth instanceof DestinationAuth.AccessKey accessKey) {
            return accessKey;
        }
        throw ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination.auth.type", "preview.auth.ramRole.unsupported",
                "the data preview reads with an AccessKey; this connector uses a RAM role, which the control plane "
                        + "does not assume for previews yet - view the rows in the destination's own console");
    }
}
