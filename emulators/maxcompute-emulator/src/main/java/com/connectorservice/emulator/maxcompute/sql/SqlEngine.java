package com.connectorservice.emulator.maxcompute.sql;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.auth.Authorizer;
import com.connectorservice.emulator.maxcompute.auth.Principal;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.PartitionValues;
import com.connectorservice.emulator.maxcompute.catalog.RowReader;
import com.connectorservice.emulator.maxcompute.catalog.Table;

/** Runs parsed statements against the catalog. A script's result is its last statement's result. */
public final class SqlEngine {

    static final String ALLOW_FULL_SCAN = "odps.sql.allow.fullscan";

    private final Catalog catalog;
    private final ZoneId zone;
    private final Authorizer authorizer;
    private final Queries queries;

    public SqlEngine(Catalog catalog, ZoneId zone, Authorizer authorizer) {
        this.catalog = catalog;
        this.zone = zone;
        this.authorizer = authorizer;
        this.queries = new Queries(catalog, zone, authorizer);
    }

    public ZoneId zone() {
        return zone;
    }

    /** Runs a script as the project owner. */
    public SqlResult execute(String project, String script, Map<String, String> settings) {
        return execute(Principal.OWNER, project, script, settings);
    }

    /** Runs a script with the principal's privileges, checked statement by statement. */
    public SqlResult execute(Principal principal, String project, String script, Map<String, String> settings) {
        catalog.requireProject(project);
        Map<String, String> session = new HashMap<>(settings);
        SqlResult result = SqlResult.message("OK");
        List<String> statements = SqlParser.split(script);
        if (statements.isEmpty()) {
            throw SqlParser.error("empty SQL");
        }
        for (String text : statements) {
            if (Queries.isQuery(text)) {
                result = queries.run(principal, project, text, session);
                continue;
            }
            Statement statement = SqlParser.parse(text);
            authorize(principal, project, statement);
            result = execute(project, statement, session);
        }
        return result;
    }

    /** The privilege each statement needs, as MaxCompute's ACL names them. */
    private void authorize(Principal principal, String project, Statement statement) {
        if (principal.owner()) {
            return;
        }
        if (statement instanceof Statement.CreateTable create) {
            authorizer.checkProject(principal, projectOf(project, create.name()), "CreateTable");
        } else if (statement instanceof Statement.DropTable drop) {
            checkTable(principal, project, drop.name(), "Drop");
        } else if (statement instanceof Statement.AddPartitions add) {
            checkTable(principal, project, add.name(), "Alter");
        } else if (statement instanceof Statement.AddColumns add) {
            checkTable(principal, project, add.name(), "Alter");
        } else if (statement instanceof Statement.ChangeColumn change) {
            checkTable(principal, project, change.name(), "Alter");
        } else if (statement instanceof Statement.DropPartitions drop) {
            checkTable(principal, project, drop.name(), "Alter");
        } else if (statement instanceof Statement.ShowPartitions show) {
            checkTable(principal, project, show.name(), "Describe");
        } else if (statement instanceof Statement.ShowTables) {
            authorizer.checkProject(principal, project, "List");
        } else if (statement instanceof Statement.Describe describe) {
            checkTable(principal, project, describe.name(), "Describe");
        } else if (statement instanceof Statement.Security) {
            throw new ServiceException(403, "NoPermission", "ODPS-0420095: Access Denied - Authorization Failed "
                    + "[4019], You have NO privilege 'odps:SetPolicy' on {acs:odps:*:projects/" + project
                    + "}: only the project owner runs ADD USER and GRANT");
        }
    }

    private void checkTable(Principal principal, String project, Statement.TableName name, String privilege) {
        authorizer.checkTable(principal, projectOf(project, name), name.table(), privilege);
    }

    private SqlResult execute(String project, Statement statement, Map<String, String> settings) {
        if (statement instanceof Statement.Set set) {
            settings.put(set.key(), set.value());
        } else if (statement instanceof Statement.CreateTable create) {
            catalog.createTable(projectOf(project, create.name()), create.name().table(), create.comment(),
                    create.columns(), create.partitionColumns(), create.primaryKey(), create.properties(),
                    create.ifNotExists());
        } else if (statement instanceof Statement.AddColumns add) {
            table(project, add.name()).addColumns(add.columns());
        } else if (statement instanceof Statement.ChangeColumn change) {
            table(project, change.name()).changeColumn(change.column(), change.changed());
        } else if (statement instanceof Statement.DropTable drop) {
            catalog.dropTable(projectOf(project, drop.name()), drop.name().table(), drop.ifExists());
        } else if (statement instanceof Statement.AddPartitions add) {
            Table table = table(project, add.name());
            partitionValues(table, add.partitions()).forEach(values -> table.addPartition(values, add.ifNotExists()));
        } else if (statement instanceof Statement.DropPartitions drop) {
            Table table = table(project, drop.name());
            partitionValues(table, drop.partitions()).forEach(values -> table.dropPartition(values, drop.ifExists()));
        } else if (statement instanceof Statement.ShowPartitions show) {
            Table table = table(project, show.name());
            if (!table.isPartitioned()) {
                throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                        + "table " + table.name() + " is not partitioned");
            }
            List<Object[]> rows = new ArrayList<>();
            table.partitions().forEach(p -> rows.add(new Object[] {p.values().spec().replace(",", "/")}));
            return lines("partition", rows);
        } else if (statement instanceof Statement.ShowTables) {
            List<Object[]> rows = new ArrayList<>();
            catalog.tablesOf(project).stream().map(Table::name).sorted()
                    .forEach(name -> rows.add(new Object[] {"ALIYUN$emulator:" + name}));
            return lines("table", rows);
        } else if (statement instanceof Statement.Describe describe) {
            return Describe.of(table(project, describe.name()), zone);
        } else if (statement instanceof Statement.Security security) {
            catalog.recordSecurityStatement(project, security.text());
        }
        return SqlResult.message("OK");
    }

    /** SHOW results: one value per line as the console prints them, with the rows kept for execute(). */
    private static SqlResult lines(String column, List<Object[]> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(r[0]).append('\n'));
        return new SqlResult(List.of(column), List.of(ColumnType.STRING), rows, text.toString());
    }

    private static String projectOf(String current, Statement.TableName name) {
        return name.project() == null ? current : name.project();
    }

    private Table table(String project, Statement.TableName name) {
        return catalog.table(projectOf(project, name), name.table());
    }

    private static List<PartitionValues> partitionValues(Table table, List<Map<String, String>> specs) {
        if (!table.isPartitioned()) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "table " + table.name() + " is not partitioned");
        }
        List<PartitionValues> all = new ArrayList<>();
        specs.forEach(spec -> all.add(PartitionValues.of(spec, table.partitionColumns())));
        return all;
    }
}
