package com.connectorservice.emulator.maxcompute.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.emulator.maxcompute.ServiceException;

/**
 * MaxCompute's ACL checks for principals that are not the owner, from the project's security statements as seed 000
 * writes them: {@code add user `RAM$<id>:role/<name>`}, {@code grant CreateInstance on project <p> to user ...},
 * {@code grant Describe, Alter, Update on table <t> to user ...} and {@code revoke ... from user ...}. Names of users
 * and privileges are case-insensitive; {@code All} grants every privilege on its object.
 */
public final class Authorizer {
    private static final Pattern ADD_USER = Pattern.compile("(?is)\\s*add\\s+user\\s+`?([^`;\\s]+)`?.*");
    private static final Pattern GRANT = Pattern.compile(
            "(?is)\\s*(grant|revoke)\\s+(.+?)\\s+on\\s+(project|table)\\s+`?([\\w.]+)`?\\s+(?:to|from)\\s+user\\s+"
                    + "`?([^`;\\s]+)`?.*");

    private final Function<String, List<String>> securityStatements;

    /** @param securityStatements the project's ADD USER / GRANT / REVOKE statements, oldest first */
    public Authorizer(Function<String, List<String>> securityStatements) {
        this.securityStatements = securityStatements;
    }

    /** Project-level privilege, e.g. CreateInstance, CreateTable, List. */
    public void checkProject(Principal principal, String project, String privilege) {
        check(principal, project, null, privilege);
    }

    /** Table-level privilege: Describe, Select, Alter, Update, Drop. */
    public void checkTable(Principal principal, String project, String table, String privilege) {
        check(principal, project, table, privilege);
    }

    private void check(Principal principal, String project, String table, String privilege) {
        if (principal.owner()) {
            return;
        }
        String user = principal.user().toLowerCase(Locale.ROOT);
        String p = project.toLowerCase(Locale.ROOT);
        String object = table == null ? "project/" + p : "table/" + objectName(p, table);
        boolean member = false;
        Set<String> granted = new HashSet<>();
        for (String statement : securityStatements.apply(project)) {
            Matcher add = ADD_USER.matcher(statement);
            if (add.matches() && add.group(1).toLowerCase(Locale.ROOT).equals(user)) {
                member = true;
                continue;
            }
            Matcher grant = GRANT.matcher(statement);
            if (!grant.matches() || !grant.group(5).toLowerCase(Locale.ROOT).equals(user)) {
                continue;
            }
            String target = grant.group(3).equalsIgnoreCase("project")
                    ? "project/" + grant.group(4).toLowerCase(Locale.ROOT)
                    : "table/" + objectName(p, grant.group(4));
            if (!target.equals(object)) {
                continue;
            }
            for (String privilegeName : grant.group(2).split(",")) {
                String key = privilegeName.strip().toLowerCase(Locale.ROOT);
                if (grant.group(1).equalsIgnoreCase("grant")) {
                    granted.add(key);
                } else {
                    granted.remove(key);
                    if (key.equals("all")) {
                        granted.clear();
                    }
                }
            }
        }
        String resource = "acs:odps:*:projects/" + p + (table == null ? "" : "/tables/" + tableName(table));
        if (!member) {
            throw new ServiceException(403, "NoPermission", "ODPS-0420095: Access Denied - Authorization Failed "
                    + "[4002], You don't exist in project " + p + ". Context: principal " + principal.user()
                    + " needs 'add user `" + principal.user() + "`;' in project " + p + ".");
        }
        if (!granted.contains(privilege.toLowerCase(Locale.ROOT)) && !granted.contains("all")) {
            throw new ServiceException(403, "NoPermission", "ODPS-0420095: Access Denied - Authorization Failed "
                    + "[4019], You have NO privilege 'odps:" + privilege + "' on {" + resource + "}. "
                    + "--->Tips: Pricipal:" + principal.user() + "; No permission '" + privilege.toLowerCase(Locale.ROOT)
                    + "' on resource " + resource);
        }
    }

    private static String objectName(String project, String table) {
        String t = table.toLowerCase(Locale.ROOT);
        return t.contains(".") ? t : project + "." + t;
    }

    private static String tableName(String table) {
        String t = table.toLowerCase(Locale.ROOT);
        return t.substring(t.lastIndexOf('.') + 1);
    }
}
