package com.connectorservice.contracts.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys under which a sink takes a RAM role to assume through STS. Both sinks do the same work (the connector's
 * AccessKey calls AssumeRole for {@code acs:ram::<account>:role/<role>} and renews the temporary credentials) under
 * their own key names, so the names are parameters and the work is shared (sink-common's {@code AssumedRole}).
 *
 * @param whenRoleIsUsed how the spec says that the role is in use, e.g. {@code account_type is STS}
 */
public record StsKeys(String accessKeyId, String accessKeySecret, String accountId, String regionId, String roleName,
        String stsEndpoint, String whenRoleIsUsed) {

    /** The AccessKey pair (the caller of AssumeRole) and every role key are required while the role is used. */
    public List<ConfigProblem> missing(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : List.of(accessKeyId, accessKeySecret, accountId, regionId, roleName, stsEndpoint)) {
            String value = props.get(key);
            if (value == null || value.isBlank()) {
                problems.add(new ConfigProblem(key, "required", "is required when " + whenRoleIsUsed + " ("
                        + accessKeyId + "/" + accessKeySecret + " are the caller of AssumeRole)"));
            }
        }
        return problems;
    }

    /** The names of the AccessKey pair, for messages that ask the user to check them. */
    public String accessKeyNames() {
        return accessKeyId + "/" + accessKeySecret;
    }

    /** The names of the role, for messages that ask the user to check them. */
    public String roleNames() {
        return roleName + "/" + accountId;
    }
}
