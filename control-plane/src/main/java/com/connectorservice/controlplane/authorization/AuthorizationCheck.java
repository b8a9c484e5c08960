package com.connectorservice.controlplane.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyuncs.exceptions.ClientException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination;

/**
 * Checks, before a connector is deployed (and for the wizard), that the connector service can act on the destination:
 * for a MaxCompute RAM role, that the role exists and its trust policy lets the service assume it (by assuming it
 * once), and the {@code add user} / {@code grant} statements of seed 000 for the role; for Tablestore, that the
 * service-linked role exists, creating it when missing (seed 003).
 */
public class AuthorizationCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCheck.class);

    private final CloudIdentityProperties identity;

    public AuthorizationCheck(CloudIdentityProperties identity) {
        this.identity = identity;
    }

    public AuthorizationCheckResponse check(ConnectorDefinition definition) {
        List<FieldViolation> problems = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        if (definition == null || definition.destination() == null) {
            problems.add(new FieldViolation("destination", "destination.required", "a destination is required"));
            return new AuthorizationCheckResponse(false, problems, grants, actions);
        }
        if (!identity.configured()) {
            problems.add(new FieldViolation("destination.auth", "cloud.identity.missing", "the connector service has"
                    + " no cloud identity to call RAM and STS with: set connectors.cloud.access-key-id and"
                    + " connectors.cloud.access-key-secret"));
            return new AuthorizationCheckResponse(false, problems, grants, actions);
        }
        try (CloudRoles cloud = new CloudRoles(identity)) {
            if (definition.destination() instanceof MaxComputeDestination maxCompute
                    && maxCompute.auth() instanceof DestinationAuth.RamRole role) {
                checkRole(cloud, role, problems);
                grants.addAll(grantStatements(maxCompute, role));
            } else if (definition.destination() instanceof TablestoreDestination) {
                ensureServiceLinkedRole(cloud, problems, actions);
            }
        }
        return new AuthorizationCheckResponse(problems.isEmpty(), problems, grants, actions);
    }

    private void checkRole(CloudRoles cloud, DestinationAuth.RamRole role, List<FieldViolation> problems) {
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

    private String trustPolicy() {
        return "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\""
                + identity.servicePrincipal() + "\"]}}],\"Version\":\"1\"}";
    }

    /** Seed 000's minimum: CreateInstance on the project; Describe, Alter, Update on the table. */
    static List<String> grantStatements(MaxComputeDestination destination, DestinationAuth.RamRole role) {
        if (blank(role.accountId()) || blank(role.roleName()) || blank(destination.project())
                || blank(destination.table())) {
            return List.of();
        }
        String user = "`RAM$" + role.accountId() + ":role/" + role.roleName().toLowerCase(Locale.ROOT) + "`";
        return List.of("add user " + user + ";",
                "grant CreateInstance on project " + destination.project() + " to user " + user + ";",
                "grant Describe, Alter, Update on table " + destination.table() + " to user " + user + ";");
    }

    private void ensureServiceLinkedRole(CloudRoles cloud, List<FieldViolation> problems, List<String> actions) {
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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
