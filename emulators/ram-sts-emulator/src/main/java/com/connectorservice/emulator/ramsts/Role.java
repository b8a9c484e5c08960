package com.connectorservice.emulator.ramsts;

import java.util.LinkedHashMap;
import java.util.Map;

/** A RAM role as GetRole describes it. */
record Role(String accountId, String roleId, String roleName, String path, String description,
            String assumeRolePolicyDocument, long maxSessionDuration, String createDate, String updateDate) {

    String arn() {
        return "acs:ram::" + accountId + ":role" + path + roleName.toLowerCase(java.util.Locale.ROOT);
    }

    Role withPolicy(String document, String description, long maxSessionDuration, String now) {
        return new Role(accountId, roleId, roleName, path, description, document, maxSessionDuration, createDate, now);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("RoleId", roleId);
        json.put("RoleName", roleName);
        json.put("Arn", arn());
        json.put("Description", description == null ? "" : description);
        json.put("AssumeRolePolicyDocument", assumeRolePolicyDocument);
        json.put("MaxSessionDuration", maxSessionDuration);
        json.put("CreateDate", createDate);
        json.put("UpdateDate", updateDate);
        return json;
    }
}
