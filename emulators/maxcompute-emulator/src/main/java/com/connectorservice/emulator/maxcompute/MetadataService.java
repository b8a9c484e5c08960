package com.connectorservice.emulator.maxcompute;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.PartitionValues;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Project, table and partition metadata in the XML (with embedded JSON) the SDK reads. */
final class MetadataService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_ITEMS = 1000;

    private final Catalog catalog;

    MetadataService(Catalog catalog) {
        this.catalog = catalog;
    }

    void project(HttpCall call, String project) throws IOException {
        catalog.requireProject(project);
        String now = Xml.rfc822(Instant.now());
        call.setHeader("x-odps-owner", "ALIYUN$emulator");
        call.setHeader("x-odps-creation-time", now);
        call.setHeader("Last-Modified", now);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project><Name>" + Xml.escape(project.toLowerCase())
                + "</Name><Type>managed</Type><Comment></Comment><State>AVAILABLE</State>"
                + "<Owner>ALIYUN$emulator</Owner><Properties><Property><Name>odps.sql.allow.fullscan</Name>"
                + "<Value>false</Value></Property></Properties></Project>";
        call.respond(200, "application/xml", xml);
    }

    /** The tunnel endpoint answer: host and path of this emulator's tunnel, without the scheme. */
    void tunnelEndpoint(HttpCall call, String project) throws IOException {
        catalog.requireProject(project);
        call.respond(200, "text/plain", call.host() + "/tunnel");
    }

    void table(HttpCall call, String project, String tableName) throws IOException {
        Table table = catalog.table(project, tableName);
        if (call.has("partitions")) {
            listPartitions(call, table);
        } else if (call.param("partition") != null) {
            partition(call, table, table.parsePartition(call.param("partition")));
        } else {
            Table.Definition definition = table.definition();
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Table><Name>" + Xml.escape(table.name())
                    + "</Name><TableId>" + definition.tableId() + "</TableId><Owner>ALIYUN$emulator</Owner>"
                    + "<Project>" + Xml.escape(table.project()) + "</Project><CreationTime>"
                    + Xml.rfc822(Instant.ofEpochMilli(definition.createdAtMillis())) + "</CreationTime>"
                    + "<Type>MANAGED_TABLE</Type><Schema format=\"json\">"
                    + Xml.cdata(JSON.writeValueAsString(table.schemaJson())) + "</Schema></Table>";
            call.respond(200, "application/xml", xml);
        }
    }

    /**
     * {@code Tables.iterator} (ListTables): the project's tables in name order, those starting with {@code name} when
     * given, {@code maxitems} a page; the marker is the last name returned, empty on the last page.
     */
    void listTables(HttpCall call, String project) throws IOException {
        catalog.requireProject(project);
        int maxItems = maxItems(call);
        String marker = call.param("marker");
        String prefix = call.param("name") == null ? "" : call.param("name").toLowerCase();
        List<Table> tables = new java.util.ArrayList<>(catalog.tablesOf(project));
        tables.sort(java.util.Comparator.comparing(Table::name));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tables>");
        int emitted = 0;
        String last = "";
        boolean more = false;
        for (Table table : tables) {
            if (marker != null && !marker.isEmpty() && table.name().compareTo(marker) <= 0 || !table.name().startsWith(prefix)) {
                continue;
            }
            if (emitted == maxItems) {
                more = true;
                break;
            }
            Table.Definition definition = table.definition();
            xml.append("<Table><Name>").append(Xml.escape(table.name())).append("</Name><TableId>")
                    .append(definition.tableId()).append("</TableId><Owner>ALIYUN$emulator</Owner><Project>")
                    .append(Xml.escape(table.project())).append("</Project><Type>MANAGED_TABLE</Type></Table>");
            emitted++;
            last = table.name();
        }
        xml.append("<Marker>").append(more ? Xml.escape(last) : "").append("</Marker><MaxItems>").append(maxItems)
                .append("</MaxItems></Tables>");
        call.respond(200, "application/xml", xml.toString());
    }

    private static int maxItems(HttpCall call) {
        if (call.param("maxitems") == null) {
            return DEFAULT_MAX_ITEMS;
        }
        try {
            return Math.max(1, Integer.parseInt(call.param("maxitems")));
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest("InvalidArgument", "maxitems must be a number");
        }
    }

    private void partition(HttpCall call, Table table, PartitionValues values) throws IOException {
        Partition partition = table.partition(values);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("createTime", partition.createdAtMillis() / 1000);
        json.put("lastDDLTime", partition.createdAtMillis() / 1000);
        json.put("lastModifiedTime", partition.lastModifiedMillis() / 1000);
        json.put("lastAccessTime", 0);
        json.put("partitionSize", partition.sizeBytes());
        json.put("partitionRecordNum", partition.recordCount());
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Partition><Schema>"
                + Xml.cdata(JSON.writeValueAsString(json)) + "</Schema></Partition>";
        call.respond(200, "application/xml", xml);
    }

    /** Pages through partitions in spec order; the marker is the last spec returned, empty on the last page. */
    private void listPartitions(HttpCall call, Table table) throws IOException {
        int maxItems = maxItems(call);
        String marker = call.param("marker");
        PartitionValues prefix = null;
        if (call.param("partition") != null && !call.param("partition").isBlank()) {
            prefix = partialSpec(table, call.param("partition"));
        }
        List<Partition> all = table.partitions();
        boolean reverse = call.has("reverse");
        if (reverse) {
            java.util.Collections.reverse(all);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Partitions>");
        int emitted = 0;
        String last = "";
        boolean more = false;
        for (Partition partition : all) {
            String spec = partition.values().spec();
            // partitions are in spec order, so a marker still works when its partition was dropped meanwhile
            if (marker != null && !marker.isEmpty() && (reverse ? spec.compareTo(marker) >= 0 : spec.compareTo(marker) <= 0)) {
                continue;
            }
            if (prefix != null && !matches(partition.values(), prefix)) {
                continue;
            }
            if (emitted == maxItems) {
                more = true;
                break;
            }
            xml.append("<Partition>");
            for (Map.Entry<String, String> e : partition.values().asMap().entrySet()) {
                xml.append("<Column Name=\"").append(Xml.escape(e.getKey())).append("\" Value=\"")
                        .append(Xml.escape(e.getValue())).append("\"/>");
            }
            xml.append("<CreationTime>").append(partition.createdAtMillis() / 1000).append("</CreationTime>")
                    .append("<LastDDLTime>").append(partition.createdAtMillis() / 1000).append("</LastDDLTime>")
                    .append("<LastModifiedTime>").append(partition.lastModifiedMillis() / 1000)
                    .append("</LastModifiedTime></Partition>");
            emitted++;
            last = spec;
        }
        xml.append("<Marker>").append(more ? Xml.escape(last) : "").append("</Marker><MaxItems>").append(maxItems)
                .append("</MaxItems></Partitions>");
        call.respond(200, "application/xml", xml.toString());
    }

    private static PartitionValues partialSpec(Table table, String spec) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String group : spec.split("[,/]")) {
            int eq = group.indexOf('=');
            if (eq > 0) {
                values.put(group.substring(0, eq).trim().toLowerCase(),
                        group.substring(eq + 1).trim().replace("'", "").replace("\"", ""));
            }
        }
        List<Column> subset = table.partitionColumns().stream().filter(c -> values.containsKey(c.name())).toList();
        return PartitionValues.of(values, subset);
    }

    private static boolean matches(PartitionValues values, PartitionValues prefix) {
        for (Map.Entry<String, String> e : prefix.asMap().entrySet()) {
            if (!e.getValue().equals(values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }



}
