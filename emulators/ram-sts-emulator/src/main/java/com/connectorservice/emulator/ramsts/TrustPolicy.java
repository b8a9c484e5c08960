package com.connectorservice.emulator.ramsts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A role's trust policy ({@code AssumeRolePolicyDocument}): which principals may call AssumeRole on it. A statement
 * trusts a service with {@code "Principal": {"Service": ["alikafka.aliyuncs.com"]}} and an account with
 * {@code "Principal": {"RAM": ["acs:ram::<accountId>:root"]}}.
 */
final class TrustPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> statements;

    private TrustPolicy(List<JsonNode> statements) {
        this.statements = statements;
    }

    /** @throws RpcException {@code MalformedPolicyDocument} when the text is not a policy with statements */
    static TrustPolicy parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw malformed("it is not JSON");
        }
        if (root == null || !root.path("Statement").isArray() || root.path("Statement").isEmpty()) {
            throw malformed("it needs a non-empty \"Statement\" array");
        }
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode statement : root.path("Statement")) {
            if (!statement.path("Principal").isObject()) {
                throw malformed("every statement of a trust policy needs a \"Principal\"");
            }
            statements.add(statement);
        }
        return new TrustPolicy(statements);
    }

    private static RpcException malformed(String why) {
        return new RpcException(400, "MalformedPolicyDocument", "The policy document is malformed: " + why + ".");
    }

    boolean trusts(Caller caller) {
        for (JsonNode statement : statements) {
            if (!"Allow".equalsIgnoreCase(statement.path("Effect").asText())
                    || !values(statement.path("Action")).stream().anyMatch(a -> a.equals("sts:assumerole")
                    || a.equals("sts:*") || a.equals("*"))) {
                continue;
            }
            JsonNode principal = statement.path("Principal");
            if (values(principal.path("Service")).stream().anyMatch(caller.services()::contains)) {
                return true;
            }
            if (caller.services().isEmpty()) {
                for (String ram : values(principal.path("RAM"))) {
                    if (ram.equals("*") || ram.equals(caller.accountId())
                            || ram.equals("acs:ram::" + caller.accountId() + ":root")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText().toLowerCase(Locale.ROOT)));
        } else if (node.isTextual()) {
            values.add(node.asText().toLowerCase(Locale.ROOT));
        }
        return values;
    }

    /**
     * The principal that signed a request: an account's root (no services) or a cloud service, possibly under several
     * service names (the connector service is trusted by users' roles as one name and by its service-linked role as
     * another), lower case.
     */
    record Caller(String accountId, java.util.Set<String> services) {
        String describe() {
            return services.isEmpty() ? "acs:ram::" + accountId + ":root" : "service " + String.join(" / ", services);
        }
    }
}
