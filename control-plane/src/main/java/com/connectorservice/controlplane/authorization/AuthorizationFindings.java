package com.connectorservice.controlplane.authorization;

import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.DestinationAuth;

/**
 * One authorization check in progress: the cloud calls a destination's check may make (assume a RAM role, ensure a
 * service-linked role) and what they found, collected into an {@link AuthorizationCheckResponse}.
 */
public final class AuthorizationFindings {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFindings.class);

    private final CloudIdentityProperties identity;
    private final CloudRoles cloud;
    private final List<FieldViolation> problems = new ArrayList<>();
    private final List<String> grants = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();
    private String trustPolicy;

    AuthorizationFindings(CloudIdentityProperties identity, CloudRoles cloud) {
        this.identity = identity;
        this.cloud = cloud;
    }

    /** Statements the user must run on the destination for the role, ready to copy. */
    public void grants(List<String> statements) {
        grants.addAll(statements);
    }

    /** A problem the destination's own check found, e.g. a grant the role lacks. */
    public void problem(FieldViolation problem) {
        problems.add(problem);
    }

    /**
     * Assumes the role once: proves it exists and its trust policy lets the connector service assume it. Answers the
     * role's short-lived credentials, for the destination to check what the role may do there.
     */
    public Optional<RoleSessions.Credentials> checkRole(DestinationAuth.RamRole role) {
        trustPolicy = trustPolicy();
        if (blank(role.accountId()) || blank(role.roleName())) {
            problems.add(new FieldViolation(blank(role.accountId()) ? "destination.auth.accountId"
                    : "destination.auth.roleName", "required", "accountId and roleName are required with RAM_ROLE"));
            return Optional.empty();
        }
        try {
            AssumeRoleResponse.Credentials assumed = cloud.assumeRole(role.accountId(), role.roleName());
            return Optional.of(new RoleSessions.Credentials(assumed.getAccessKeyId(), assumed.getAccessKeySecret(),
                    assumed.getSecurityToken(), Instant.parse(assumed.getExpiration())));
        } catch (ClientException e) {
            String code = e.getErrCode() == null ? "" : e.getErrCode();
            switch (code) {
                case "EntityNotExist.Role" -> problems.add(new FieldViolation("destination.auth.roleName",
                        "destination.auth.roleName.notFound", "role " + role.roleName() + " does not exist in account "
                        + role.accountId() + ": create it in the RAM console (RAM Roles > Create Role) and set its"
                        + " trust policy to " + trustPolicy()));
                case "NoPermission" -> problems.add(new FieldViolation("destination.auth.roleName",
                        "destination.auth.roleName.trustPolicy", "the trust policy (AssumeRolePolicyDocument) of role "
                        + role.roleName() + " does not trust the connector service " + identity.servicePrincipal()
                        + ": in the RAM console open the role, Trust Policy > Edit, and make it " + trustPolicy()));
                case "InvalidParameter.RoleArn" -> problems.add(new FieldViolation("destination.auth.roleName",
                        "destination.auth.roleName.invalid", e.getErrMsg()));
                default -> {
                    LOG.warn("AssumeRole of {} failed: {} {}", role.roleName(), code, e.getErrMsg());
                    problems.add(new FieldViolation("destination.auth", "destination.auth.sts.unavailable",
                            "the role could not be checked with STS at " + identity.stsEndpoint() + ": " + code + " "
                            + e.getErrMsg()));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The service-linked role the destination's service writes with (seed 003): a check only reports it missing;
     * creating it is the user's decision ({@link #createServiceLinkedRole()}, the wizard's button).
     */
    public void checkServiceLinkedRole() {
        try {
            if (cloud.role(identity.serviceLinkedRoleName()).isEmpty()) {
                problems.add(new FieldViolation("destination", "destination.serviceLinkedRole.missing",
                        "the service-linked role " + identity.serviceLinkedRoleName() + " of "
                                + identity.serviceLinkedRoleService() + " does not exist yet: create it (the wizard's"
                                + " button, or POST .../connectors:create-service-linked-role)"));
            }
        } catch (ClientException e) {
            problems.add(unavailable(e));
        }
    }

    void createServiceLinkedRole() {
        try {
            if (cloud.role(identity.serviceLinkedRoleName()).isEmpty()) {
                cloud.createServiceLinkedRole(identity.serviceLinkedRoleService());
                actions.add("created the service-linked role " + identity.serviceLinkedRoleName() + " for "
                        + identity.serviceLinkedRoleService());
            }
        } catch (ClientException e) {
            if (!"EntityAlreadyExists.Role".equals(e.getErrCode())) {
                problems.add(unavailable(e));
            }
        }
    }

    private FieldViolation unavailable(ClientException e) {
        return new FieldViolation("destination", "destination.serviceLinkedRole.unavailable",
                "the service-linked role " + identity.serviceLinkedRoleName() + " could not be checked or created: "
                        + e.getErrCode() + " " + e.getErrMsg());
    }

    AuthorizationCheckResponse response() {
        return new AuthorizationCheckResponse(problems.isEmpty(), List.copyOf(problems), List.copyOf(grants),
                trustPolicy, List.copyOf(actions));
    }

    private String trustPolicy() {
        return "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\""
                + identity.servicePrincipal() + "\"]}}],\"Version\":\"1\"}";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
