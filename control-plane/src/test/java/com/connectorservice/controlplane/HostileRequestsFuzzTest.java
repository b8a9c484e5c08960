package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 12's acceptance: a bounded, seeded stream of hostile requests (wrong JSON types, control characters, huge
 * values, broken encodings, wrong content types, wrong methods, wrong tokens) against every endpoint, through raw
 * sockets so nothing is cleaned up on the way. Not one may answer 5xx, and every 4xx must be problem+json whose every
 * error names its field and rule. {@code -Dfuzz.seed=} replays a run, {@code -Dfuzz.requests=} changes its length.
 */
class HostileRequestsFuzzTest extends ControlPlaneTestBase {

    static final long SEED = Long.getLong("fuzz.seed", 20261205L);
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 2400);
    private static final String AK = "fuzz-ak";
    private static final String SK = "fuzz-sk";

    private static MaxComputeEmulator maxCompute;

    private Random random;
    private RawHttp raw;
    private String instanceId;
    private String connector;
    private String topic;
    private String syncJob;
    private String agentId;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @AfterAll
    static void stopEmulator() {
        if (maxCompute != null) {
            maxCompute.close();
        }
    }

    @Test
    void noHostileRequestGetsA5xxAndEvery4xxIsAProblemNamingItsField() throws Exception {
        setUp();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            Request request = next();
            RawHttp.Response response = raw.send(request.method(), request.target(), request.headers(), request.body());
            statuses.merge(response.status(), 1, Integer::sum);
            String problem = problemWith(request, response);
            if (problem != null && failures.size() < 25) {
                failures.add("#" + i + " " + request + "\n    -> " + problem);
            } else if (problem != null) {
                failures.add("#" + i);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Hostile requests: %d sent in %.1f s (seed %d), answers by status: %s%n", REQUESTS, seconds,
                SEED, statuses);

        assertThat(failures).as("seed %d: %d of %d answers broke the rules", SEED, failures.size(), REQUESTS).isEmpty();
        assertThat(statuses.keySet()).as("the stream reached the API, not only its gates").contains(200, 400, 401, 403, 404);
        assertThat(api.get("/api/v1/instances/" + instanceId).status()).as("the control plane still answers").isEqualTo(200);
    }

    /** Null when the answer keeps the rules, else what is wrong with it. */
    private static String problemWith(Request request, RawHttp.Response response) {
        if (response.status() >= 500) {
            return "5xx: " + response;
        }
        if (response.status() < 400) {
            return null;
        }
        if (request.method().equals("HEAD")) {
            return response.contentType().startsWith("application/problem+json") ? null : "HEAD 4xx not a problem: " + response;
        }
        return response.isProblemWithField() ? null : "4xx without a problem naming its field: " + response;
    }

    private void setUp() throws Exception {
        random = new Random(SEED);
        raw = new RawHttp(port);
        maxCompute = MaxComputeEmulator.builder().port(0).dataDirectory(Files.createTempDirectory("fuzz-odps"))
                .credential(AK, SK).project("connector_test").start();
        maxCompute.execute("create table fuzz_rows (topic string, `partition` bigint, `offset` bigint, key string, value string)"
                + " partitioned by (pt string)");
        instanceId = createInstance();
        topic = unique("fuzz-input");
        createTopic(topic, 2);
        connector = unique("fuzz");
        Api.Response created = api.post(connectorsPath(instanceId), baseDefinition(connector, topic));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        syncJob = unique("fuzz-sync");
        Api.Response job = api.post(syncJobsPath(), SyncJobApiTest.job(syncJob, topic));
        assertThat(job.status()).as(job.raw()).isEqualTo(201);
        agentId = unique("fuzz-agent");
        String agentToken = agentToken(agentId);
        assertThat(api.withToken(agentToken).post("/api/v1/agents/register", Map.of("id", agentId, "capacity", 1)).status())
                .isEqualTo(200);
        tokens.put("admin", ADMIN_TOKEN);
        tokens.put("viewer", api.post("/api/v1/tokens", Map.of("name", unique("fuzz-viewer"), "role", "VIEWER"))
                .body().path("token").asString());
        tokens.put("agent", agentToken);
        tokens.put("other-agent", agentToken(unique("fuzz-other")));
        tokens.put("built-in-agent", AGENT_TOKEN);
    }

    private Map<String, Object> baseDefinition(String name, String topic) {
        Map<String, Object> definition = definition(name, topic);
        ConnectorValidationTest.set(definition, "destination.endpoint", maxCompute.endpoint());
        ConnectorValidationTest.set(definition, "destination.table", "fuzz_rows");
        ConnectorValidationTest.set(definition, "destination.auth.accessKeyId", AK);
        ConnectorValidationTest.set(definition, "destination.auth.accessKeySecret", SK);
        return definition;
    }

    // ---- the stream

    record Request(String method, String target, Map<String, String> headers, byte[] body) {

        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + (target.length() > 200 ? target.substring(0, 200) + "..." : target) + " "
                    + headers.getOrDefault("Content-Type", "") + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private Request next() {
        int kind = random.nextInt(100);
        if (kind < 45) {
            return mutatedBody();
        }
        if (kind < 60) {
            return hostileQuery();
        }
        if (kind < 72) {
            return hostilePath();
        }
        if (kind < 82) {
            return wrongContentType();
        }
        if (kind < 91) {
            return wrongMethod();
        }
        return wrongToken();
    }

    /** One valid body of an endpoint with one value replaced by a hostile one (or the body itself broken). */
    private Request mutatedBody() {
        Endpoint endpoint = pick(endpoints());
        String body;
        int how = random.nextInt(10);
        if (how < 7) {
            ObjectNode tree = (ObjectNode) Api.JSON.valueToTree(endpoint.body().get());
            replaceRandomValue(tree);
            body = Api.JSON.writeValueAsString(tree);
        } else if (how == 7) {
            String valid = Api.JSON.writeValueAsString(endpoint.body().get());
            int brace = valid.indexOf('{', 1);
            String key = brace > 0 ? "\"topic\":\"dup\"," : "\"name\":\"dup\",";
            body = brace > 0 ? valid.substring(0, brace + 1) + key + valid.substring(brace + 1) : "{" + key + valid.substring(1);
        } else {
            body = brokenJson(Api.JSON.writeValueAsString(endpoint.body().get()));
        }
        return new Request(endpoint.method(), endpoint.path(), headers(endpoint.token(), "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private void replaceRandomValue(ObjectNode tree) {
        List<Runnable> replacements = new ArrayList<>();
        collect(tree, replacements);
        if (replacements.isEmpty() || random.nextInt(12) == 0) {
            tree.set(pick(List.of("unknownField", "name", "id", "source", "destination", "connectors")), hostileValue());
            return;
        }
        pick(replacements).run();
    }

    private void collect(JsonNode node, List<Runnable> replacements) {
        if (node instanceof ObjectNode object) {
            for (String field : List.copyOf(object.propertyNames())) {
                replacements.add(() -> object.set(field, hostileValue()));
                collect(object.get(field), replacements);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                replacements.add(() -> array.set(index, hostileValue()));
                collect(array.get(i), replacements);
            }
        }
    }

    private JsonNode hostileValue() {
        String text = switch (random.nextInt(34)) {
            case 0 -> "123";
            case 1 -> "-1";
            case 2 -> "0";
            case 3 -> "2147483648";
            case 4 -> "9223372036854775808";
            case 5 -> "1e400";
            case 6 -> "6.5";
            case 7 -> "true";
            case 8 -> "null";
            case 9 -> "[]";
            case 10 -> "[1,\"a\",null]";
            case 11 -> "{}";
            case 12 -> "{\"a\":{\"b\":[1]}}";
            case 13 -> "\"\"";
            case 14 -> "\"a\\u0000b\"";
            case 15 -> "\"\\ud800\"";
            case 16 -> "\"x\\udc00\"";
            case 17 -> "\"\\u0001\\u001f\\u007f\"";
            case 18 -> "\"\\t\\n\\r\"";
            case 19 -> "\"<script>alert(1)</script>\"";
            case 20 -> "\"' or 1=1 --\"";
            case 21 -> "\"../../etc/passwd\"";
            case 22 -> "\"${jndi:ldap://127.0.0.1/x}\"";
            case 23 -> "\"" + "a".repeat(1 + random.nextInt(2000)) + "\"";
            case 24 -> "\"" + "z".repeat(60_000 + random.nextInt(20_000)) + "\"";
            case 25 -> random.nextInt(4) == 0 ? "\"" + "m".repeat(1_100_000) + "\"" : "\"m\"";
            case 26 -> "\"" + "\\ud83d\\ude00".repeat(5_000) + "\"";
            case 27 -> "\"earliest\"";
            case 28 -> "\"maxcompute\"";
            case 29 -> "\"RUNNING\"";
            case 30 -> "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]";
            case 31 -> "\"%00%zz\"";
            case 32 -> "\"" + randomWord() + "\"";
            default -> "\"ACCESS_KEY\"";
        };
        return Api.JSON.readTree(text);
    }

    private String brokenJson(String valid) {
        return switch (random.nextInt(9)) {
            case 0 -> valid.substring(0, Math.max(1, random.nextInt(valid.length())));
            case 1 -> "";
            case 2 -> "\uFEFF" + valid;
            case 3 -> valid.replace("\"", "'");
            case 4 -> "[" + valid + "]";
            case 5 -> "null";
            case 6 -> valid + valid;
            case 7 -> "[".repeat(5000) + "]".repeat(5000);
            default -> valid.replaceFirst(":", ": \u0000");
        };
    }

    private Request hostileQuery() {
        String base = pick(List.of(connectorsPath(instanceId), "/api/v1/audit-events",
                connectorsPath(instanceId) + "/" + connector + "/preview", connectorsPath(instanceId) + "/" + connector + "/status",
                connectorsPath(instanceId) + "/" + connector + "/restart", "/api/v1/instances/" + instanceId + "/topics"));
        String name = pick(List.of("q", "status", "page", "size", "actor", "action", "target", "since", "partition", "limit",
                "includeTasks", "onlyFailed", "deleteResources", "endpoint", randomWord()));
        String value = pick(List.of("%zz", "%", "%e", "%C0%AF", "%ff%fe", "%00", "a%00b", "%0a%0d", "2147483647", "-1",
                "99999999999999999999", "1e3", "running", "RUNNING", "SLEEPING", "true", "maybe", "2026-13-45T99:00:00Z",
                "a".repeat(5000), "%E2%82%AC", "+++", "..%2F..%2F", "%2e%2e", "http://127.0.0.1:1/", randomWord()));
        String query = name + "=" + value;
        if (random.nextInt(5) == 0) {
            query = query + "&" + query;
        }
        if (random.nextInt(40) == 0) {
            query = String.join("&", java.util.Collections.nCopies(1200, "q=x"));
        }
        String method = base.endsWith("/restart") ? "POST" : "GET";
        return new Request(method, base + "?" + query, headers("admin", null), null);
    }

    private Request hostilePath() {
        String segment = pick(List.of("%00", "a%00b", "%zz", "%", "..", "%2e%2e", "%2F", "a%2Fb", ";jsessionid=1", "a|b",
                "{x}", "%7Bx%7D", "x".repeat(3000), "%C0%AF", "%ff", "\u00e9", "%E2%80%AE", " ", "%20", "~", "*", "'", "<a>",
                "connect-" + randomWord(), connector, instanceId, "", "."));
        String template = pick(List.of("/api/v1/instances/%s", "/api/v1/instances/%s/connectors", "/api/v1/instances/"
                + instanceId + "/connectors/%s", "/api/v1/instances/" + instanceId + "/connectors/%s/status",
                "/api/v1/instances/" + instanceId + "/connectors/" + connector + "/%s", "/api/v1/tokens/%s",
                "/api/v1/agents/%s/heartbeat", "/%s", "/api/%s", "/actuator/%s", "/v3/api-docs/%s", "/api/v1//%s"));
        String target = String.format(template, segment.replace("%", "%%")).replace("%%", "%");
        String method = pick(List.of("GET", "GET", "DELETE", "POST", "PUT"));
        String token = target.contains("/agents/") ? "agent" : "admin";
        byte[] body = method.equals("POST") || method.equals("PUT") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        return new Request(method, target, headers(token, body == null ? null : "application/json"), body);
    }

    private Request wrongContentType() {
        Endpoint endpoint = pick(endpoints());
        String type = pick(List.of("*/*", "application/*", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "no/such;;=type", "application/json; charset=ebcdic", "application/json;charset=utf-16",
                "", "\u00ff/\u00ff", "application/problem+json", "APPLICATION/JSON"));
        byte[] body = random.nextBoolean() ? Api.JSON.writeValueAsBytes(endpoint.body().get())
                : new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc0, (byte) 0xaf };
        return new Request(endpoint.method(), endpoint.path(), headers(endpoint.token(), type), body);
    }

    private Request wrongMethod() {
        Endpoint endpoint = pick(endpoints());
        String method = pick(List.of("GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW", "PROPFIND", "POST"));
        boolean withBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("TRACE");
        String path = endpoint.path();
        if (method.equals("DELETE") && path.endsWith("/" + connector)) {
            path = path + "-not-this-one";
        }
        return new Request(method, path, headers(endpoint.token(), withBody ? "application/json" : null),
                withBody ? Api.JSON.writeValueAsBytes(endpoint.body().get()) : null);
    }

    private Request wrongToken() {
        Endpoint endpoint = pick(endpoints());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        String authorization = switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> "Bearer ";
            case 2 -> "Bearer not-a-token";
            case 3 -> "Basic YWRtaW46YWRtaW4=";
            case 4 -> "Bearer " + "t".repeat(6000);
            case 5 -> "Bearer " + ADMIN_TOKEN + "\t";
            case 6 -> "bearer " + tokens.get(pick(List.copyOf(tokens.keySet())));
            default -> "Bearer " + tokens.get(pick(List.copyOf(tokens.keySet())));
        };
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return new Request(endpoint.method(), endpoint.path(), headers, Api.JSON.writeValueAsBytes(endpoint.body().get()));
    }

    // ---- endpoints and their valid bodies

    record Endpoint(String method, String path, String token, Supplier<Object> body) {
    }

    private List<Endpoint> endpoints() {
        String connectors = connectorsPath(instanceId);
        String absentTopic = "fuzz-absent-topic";
        String syncJobs = syncJobsPath();
        return List.of(
                new Endpoint("POST", connectors, "admin", () -> baseDefinition(connector + "-x", absentTopic)),
                new Endpoint("POST", connectors + ":validate", "admin", () -> baseDefinition(connector, absentTopic)),
                new Endpoint("POST", connectors + ":check-authorization", "admin", () -> baseDefinition(connector, absentTopic)),
                new Endpoint("PUT", connectors + "/" + connector, "admin", () -> baseDefinition(connector, absentTopic)),
                new Endpoint("POST", "/api/v1/instances", "admin", () -> Map.of("id", "fuzz-instance", "name", "n",
                        "bootstrapServers", "not a host list", "properties", Map.of("security.protocol", "PLAINTEXT"))),
                new Endpoint("POST", "/api/v1/tokens", "admin", () -> Map.of("name", "fuzz-token", "role", "VIEWER")),
                new Endpoint("POST", connectors + "/" + connector + "/test-message", "admin",
                        () -> Map.of("key", "k", "value", "v", "partition", 1)),
                new Endpoint("POST", "/api/v1/agents/register", "agent", () -> Map.of("id", agentId, "host", "h",
                        "capacity", 1, "version", "fuzz")),
                new Endpoint("POST", "/api/v1/agents/" + agentId + "/heartbeat", "agent", () -> Map.of("connectors",
                        List.of(Map.of("name", connector, "instanceId", instanceId, "generation", 1, "state", "RUNNING",
                                "tasks", List.of(Map.of("id", 0, "state", "RUNNING")), "conditions", List.of())))),
                new Endpoint("GET", connectors + "/" + connector + "/preview?limit=5", "viewer", Map::of),
                new Endpoint("GET", connectors + "/" + connector + "/failed-records?size=5", "viewer", Map::of),
                new Endpoint("GET", connectors + "/" + connector + "/logs", "viewer", Map::of),
                new Endpoint("POST", connectors + "/" + connector + "/failed-records/replay", "admin",
                        () -> Map.of("records", List.of(Map.of("partition", 0, "offset", 0)))),
                new Endpoint("GET", connectors + "?q=fuzz&page=0&size=5", "viewer", Map::of),
                new Endpoint("POST", syncJobs, "admin", () -> SyncJobApiTest.job(syncJob + "-x", topic)),
                new Endpoint("POST", syncJobs + ":validate", "admin", () -> SyncJobApiTest.job(syncJob, topic)),
                new Endpoint("PUT", syncJobs + "/" + syncJob, "admin", () -> SyncJobApiTest.job(syncJob, topic)),
                new Endpoint("POST", syncJobs + ":sample-fields", "admin", () -> Map.of("topic", topic, "encoding", "UTF-8")));
    }

    private String syncJobsPath() {
        return "/api/v1/instances/" + instanceId + "/sync-jobs";
    }

    private Map<String, String> headers(String token, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + tokens.get(token));
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    private String randomWord() {
        StringBuilder word = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
