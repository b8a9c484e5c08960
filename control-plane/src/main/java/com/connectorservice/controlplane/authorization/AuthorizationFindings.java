package com.connectorservice.controlplane.authorization;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyuncs.exceptions.ClientException;
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

    AuthorizationFindings(CloudIdentityProperties identity, CloudRoles cloud) {
        this.identity = identity;
        this.cloud = cloud;
    }

    /** Statements the user must run on the destination for the role, ready to copy. */
    public void grants(List<String> statements) {
        grants.addAll(statements);
    }

    /** Assumes the role once: proves it exists and its trust policy lets the connector service assume it. */
    public void checkRole(DestinationAuth.RamRole role) {
        if (blank(role.accountId()) || blank(role.roleName())) {
            problems.add(new FieldViolation(blank(role.accountId()) ? "destination.auth.accountId"
                    : "destination.auth.roleName", "required", "accountId and roleName are required with RAM_ROLE"));
            return;
        }
        try {
            cloud.assumeRole(role.accountId(), role.roleName());
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
        }
    }

    /** The service-linked role the destination's service writes with (seed 003), created when missing. */
    public void ensureServiceLinkedRole() {
        try {
            if (cloud.role(identity.serviceLinkedRoleName()).isEmpty()) {
                cloud.createServiceLinkedRole(identity.serviceLinkedRoleService());
                actions.add("created the service-linked role " + identity.serviceLinkedRoleName() + " for "
                        + identity.serviceLinkedRoleService());
            }
        } catch (ClientException e) {
            if (!"EntityAlreadyExists.Role".equals(e.getErrCode())) {
                problems.add(new FieldViolation("destination", "destination.serviceLinkedRole.unavailable",
                        "the service-linked role " + identity.serviceLinkedRoleName() + " could not be created: "
                                + e.getErrCode() + " " + e.getErrMsg()));
            }
        }
    }

    AuthorizationCheckResponse response() {
        return new AuthorizationCheckResponse(problems.isEmpty(), List.copyOf(problems), List.copyOf(grants),
                List.copyOf(actions));
    }

    private String trustPolicy() {
        return "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\""
                + identity.servicePrincipal() + "\"]}}],\"Version\":\"1\"}";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
