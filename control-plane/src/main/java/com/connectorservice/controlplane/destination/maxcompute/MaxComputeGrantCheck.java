package com.connectorservice.controlplane.destination.maxcompute;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.OdpsException;
import com.aliyun.odps.task.SQLTask;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.authorization.RoleSessions;

/**
 * Whether a RAM role holds seed 000's grants in the project: with the role's own STS credentials, the check runs
 * {@code DESC <table>} as an SQL instance, which needs CreateInstance on the project and Describe on the table, the
 * grants a sink uses before its first write. MaxCompute refusing it means the project owner has not run the grant
 * statements yet; anything else (a table that does not exist, an endpoint out of reach) is the table check's to report.
 */
final class MaxComputeGrantCheck {
    private static final Logger LOG = LoggerFactory.getLogger(MaxComputeGrantCheck.class);

    private MaxComputeGrantCheck() {
    }

    static Optional<FieldViolation> missing(MaxComputeDestination d, RoleSessions.Credentials role, List<String> grants) {
        if (grants.isEmpty() || d.table().contains("{")) {
            return Optional.empty();
        }
        String table = d.schema() == null || d.schema().isBlank() ? d.table() : d.schema() + "." + d.table();
        try {
            SQLTask.run(MaxComputeClient.odps(d, role), d.project(), "desc " + table + ";", null, null)
                    .waitForSuccess();
            return Optional.empty();
        } catch (OdpsException | RuntimeException e) {
            OdpsException odps = MaxComputeTableCheck.odpsCause(e);
            if (odps != null && MaxComputeTableCheck.refusedCredentials(odps)) {
                return Optional.of(new FieldViolation("destination.auth.roleName", "destination.auth.roleName.grants",
                        "the role may not use table " + table + " of project " + d.project() + " yet (MaxCompute: "
                                + firstLine(odps.getMessage()) + "): the project owner must run the "
                                + grants.size() + " grant statements", String.join("\n", grants)));
            }
            LOG.debug("The grants of the role on {}.{} were not checked: {}", d.project(), table, e.toString());
            return Optional.empty();
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
