package com.connectorservice.emulator.ramsts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.emulator.ramsts.TrustPolicy.Caller;

/** The RAM role actions and STS AssumeRole, on the caller's account. Answers are JSON maps without RequestId. */
final class RamStsApi {
    static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w.@-]{2,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("acs:ram::(\\d+):role/(.+)", Pattern.CASE_INSENSITIVE);
    private static final long DEFAULT_MAX_SESSION_SECONDS = 3600;
    private static final long MIN_SESSION_SECONDS = 900;

    private final Roles roles;
    private final StsTokens tokens;
    private final Map<String, String> serviceLinkedRoleNames;
    private final Duration maxCredentialLifetime;

    RamStsApi(Roles roles, StsTokens tokens, Map<String, String> serviceLinkedRoleNames,
              Duration maxCredentialLifetime) {
        this.roles = roles;
        this.tokens = tokens;
        this.serviceLinkedRoleNames = Map.copyOf(serviceLinkedRoleNames);
        this.maxCredentialLifetime = maxCredentialLifetime;
    }

    Map<String, Object> handle(String action, Caller caller, Map<String, String> p) {
        return switch (action) {
            case "CreateRole" -> createRole(caller, p);
            case "GetRole" -> role(roles.get(caller.accountId(), roleName(p, "RoleName")));
            case "UpdateRole" -> updateRole(caller, p);
            case "DeleteRole" -> {
                roles.delete(caller.accountId(), roleName(p, "RoleName"));
                yield new LinkedHashMap<>();
            }
            case "ListRoles" -> listRoles(caller);
            case "CreateServiceLinkedRole" -> createServiceLinkedRole(caller, p);
            case "AssumeRole" -> assumeRole(caller, p);
            default -> throw new RpcException(404, "InvalidAction.NotFound", "Specified api is not found, please "
                    + "check your url and method. The RAM/STS emulator does not implement " + action + ".");
        };
    }

    private Map<String, Object> createRole(Caller caller, Map<String, String> p) {
        String name = roleName(p, "RoleName");
        String document = required(p, "AssumeRolePolicyDocument");
        TrustPolicy.parse(document);
        long maxSession = maxSessionDuration(p.get("MaxSessionDuration"));
        String now = ISO8601.format(Instant.now());
        Role role = new Role(caller.accountId(), roleId(), name, "/", p.get("Description"), document, maxSession,
                now, now);
        roles.create(role);
        return role(role);
    }

    private Map<String, Object> updateRole(Caller caller, Map<String, String> p) {
        Role role = roles.get(caller.accountId(), roleName(p, "RoleName"));
        String document = p.getOrDefault("NewAssumeRolePolicyDocument", role.assumeRolePolicyDocument());
        TrustPolicy.parse(document);
        long maxSession = p.containsKey("NewMaxSessionDuration")
                ? maxSessionDuration(p.get("NewMaxSessionDuration")) : role.maxSessionDuration();
        Role updated = role.withPolicy(document, p.getOrDefault("NewDescription", role.description()), maxSession,
                ISO8601.format(Instant.now()));
        roles.replace(updated);
        return role(updated);
    }

    private Map<String, Object> listRoles(Caller caller) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Role role : roles.of(caller.accountId())) {
            Map<String, Object> json = role.json();
            json.remove("AssumeRolePolicyDocument");
            list.add(json);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("IsTruncated", false);
        answer.put("Roles", Map.of("Role", list));
        return answer;
    }

    private Map<String, Object> createServiceLinkedRole(Caller caller, Map<String, String> p) {
        String service = required(p, "ServiceName").toLowerCase(Locale.ROOT);
        String name = serviceLinkedRoleNames.get(service);
        if (name == null) {
            throw invalid("ServiceName", "The service " + service + " has no service-linked role; known: "
                    + serviceLinkedRoleNames.keySet() + ".");
        }
        String document = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":[\"" + service + "\"]}}],\"Version\":\"1\"}";
        String now = ISO8601.format(Instant.now());
        Role role = new Role(caller.accountId(), roleId(), name, "/aliyun-service-role/",
                p.getOrDefault("Description", "The service-linked role of " + service), document,
                DEFAULT_MAX_SESSION_SECONDS, now, now);
        roles.create(role);
        return role(role);
    }

    private Map<String, Object> assumeRole(Caller caller, Map<String, String> p) {
        String arn = required(p, "RoleArn");
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            throw invalid("RoleArn", "The parameter RoleArn is wrongly formed: '" + arn
                    + "', expected acs:ram::<accountId>:role/<roleName>.");
        }
        String accountId = m.group(1);
        String roleName = m.group(2).substring(m.group(2).lastIndexOf('/') + 1);
        String session = required(p, "RoleSessionName");
        if (!SESSION_NAME.matcher(session).matches()) {
            throw invalid("RoleSessionName", "The parameter RoleSessionName must be 2 to 64 characters of letters, "
                    + "digits, '.', '@', '-' and '_'.");
        }
        Role role = roles.get(accountId, roleName);
        if (!TrustPolicy.parse(role.assumeRolePolicyDocument()).trusts(caller)) {
            throw new RpcException(403, "NoPermission", "You are not authorized to do this action. The trust policy "
                    + "(AssumeRolePolicyDocument) of role " + role.roleName() + " does not allow "
                    + caller.describe() + " to call sts:AssumeRole.");
        }
        long duration = DEFAULT_MAX_SESSION_SECONDS;
        if (p.get("DurationSeconds") != null) {
            duration = number("DurationSeconds", p.get("DurationSeconds"));
            if (duration < MIN_SESSION_SECONDS || duration > role.maxSessionDuration()) {
                throw invalid("DurationSeconds", "The parameter DurationSeconds must be between "
                        + MIN_SESSION_SECONDS + " and " + role.maxSessionDuration() + " (the role's "
                        + "MaxSessionDuration).");
            }
        }
        Duration lifetime = Duration.ofSeconds(duration);
        if (maxCredentialLifetime != null && maxCredentialLifetime.compareTo(lifetime) < 0) {
            lifetime = maxCredentialLifetime;
        }
        StsTokens.TemporaryCredentials credentials = tokens.issue(accountId, role.roleName(), session,
                Instant.now().plus(lifetime));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("AssumedRoleUser", Map.of("Arn", role.arn() + "/" + session,
                "AssumedRoleId", role.roleId() + ":" + session));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("AccessKeyId", credentials.accessKeyId());
        json.put("AccessKeySecret", credentials.accessKeySecret());
        json.put("SecurityToken", credentials.securityToken());
        json.put("Expiration", ISO8601.format(credentials.expiration()));
        answer.put("Credentials", json);
        return answer;
    }

    private static Map<String, Object> role(Role role) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Role", role.json());
        return answer;
    }

    private static String roleName(Map<String, String> p, String parameter) {
        String name = required(p, parameter);
        if (!ROLE_NAME.matcher(name).matches()) {
            throw invalid(parameter, "The parameter " + parameter + " must be 1 to 64 characters of letters, digits, "
                    + "'.' and '-'.");
        }
        return name;
    }

    private static long maxSessionDuration(String value) {
        if (value == null) {
            return DEFAULT_MAX_SESSION_SECONDS;
        }
        long seconds = number("MaxSessionDuration", value);
        if (seconds < 3600 || seconds > 43200) {
            throw invalid("MaxSessionDuration", "The parameter MaxSessionDuration must be between 3600 and 43200.");
        }
        return seconds;
    }

    private static long number(String parameter, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(parameter, "The parameter " + parameter + " must be a number, got '" + value + "'.");
        }
    }

    private static String required(Map<String, String> p, String parameter) {
        String value = p.get(parameter);
        if (value == null || value.isEmpty()) {
            throw RpcException.missing(parameter);
        }
        return value;
    }

    private static RpcException invalid(String parameter, String message) {
        return RpcException.invalidParameter(parameter, message);
    }

    private static String roleId() {
        return Long.toUnsignedString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    }
}
