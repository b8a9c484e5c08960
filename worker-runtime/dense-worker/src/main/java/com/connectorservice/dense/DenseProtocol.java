package com.connectorservice.dense;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The local channel between an agent and its dense worker JVM: plain HTTP on the address the agent gave the JVM
 * ({@code listeners}), every call but the probe carrying the JVM's token. One definition for both sides.
 *
 * <ul>
 *   <li>{@code GET /connectors}: the names of the hosted herders (the agent's readiness probe, as for a Connect
 *       worker)</li>
 *   <li>{@code GET /herders}: every herder as {@link HerderView}</li>
 *   <li>{@code PUT /herders/<connector>} with {@link HerderSpec}: start the connector's herder, or replace it when
 *       its settings differ or it failed; idempotent</li>
 *   <li>{@code DELETE /herders/<connector>}: the herder leaves its group and stops</li>
 * </ul>
 */
public final class DenseProtocol {

    public static final String TOKEN_HEADER = "X-Connectorservice-Dense-Token";
    /** The JVM-level setting carrying the token the agent expects; never a herder's setting. */
    public static final String TOKEN_SETTING = "connectorservice.dense.token";
    public static final String CONNECTORS_PATH = "/connectors";
    public static final String HERDERS_PATH = "/herders";

    private DenseProtocol() {
    }

    /**
     * Where the dense JVM keeps a hosted herder's spec, beside its {@code worker.properties}, to start it again by
     * itself after a crash. The agent deletes it when it removes a connector while the JVM is down.
     */
    public static java.nio.file.Path herderSpecFile(java.nio.file.Path jvmDir, String connector) {
        return jvmDir.resolve("herders").resolve(
                java.net.URLEncoder.encode(connector, java.nio.charset.StandardCharsets.UTF_8) + ".json");
    }

    /** @param settings the Connect worker settings of the connector's herder, without its REST listener */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HerderSpec(Map<String, String> settings) {
        public HerderSpec {
            settings = settings == null ? Map.of() : new TreeMap<>(settings);
        }
    }

    /**
     * @param restUrl  the herder's own Connect REST API, as the other members of its group reach it
     * @param state    {@code RUNNING} while its herder thread runs, {@code FAILED} once it died (a PUT replaces it)
     * @param restarts how often this JVM replaced the herder after it failed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HerderView(String name, String restUrl, Map<String, String> settings, String state, String failure,
                             int restarts) {
        public static final String RUNNING = "RUNNING";
        public static final String FAILED = "FAILED";

        public HerderView {
            settings = settings == null ? Map.of() : new TreeMap<>(settings);
        }
    }
}
