package com.connectorservice.emulator.maxcompute.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.connectorservice.emulator.maxcompute.HttpCall;
import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.auth.Principal;
import com.connectorservice.emulator.maxcompute.Xml;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Instances: {@code POST /projects/<p>/instances} runs the SQL task synchronously; status, task status and
 * result are then served from memory, in the XML the SDK's Instance class reads.
 */
public final class InstanceService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final int KEPT_INSTANCES = 10_000;

    private final SqlEngine engine;
    private final Map<String, RunInstance> instances = new ConcurrentHashMap<>();

    private record RunInstance(String id, String project, String taskName, String taskType, String query,
                               Map<String, String> settings, boolean success, String result, String format,
                               Instant start, Instant end) {
    }

    /** Like the service, the CSV result of an instance holds at most this many rows; the tunnel has them all. */
    static final int MAX_RESULT_ROWS = 10_000;

    public InstanceService(SqlEngine engine) {
        this.engine = engine;
    }

    public void create(HttpCall call, Principal principal, String project) throws IOException {
        Element task = firstTask(call.body().readAllBytes());
        String taskName = text(task, "Name");
        String query = text(task, "Query");
        if (query == null || query.isBlank()) {
            throw ServiceException.badRequest("InvalidArgument", "the instance's " + task.getTagName()
                    + " task carries no Query");
        }
        Map<String, String> settings = settings(task);
        Instant start = Instant.now();
        boolean success;
        String result;
        String format;
        try {
            SqlResult sqlResult = engine.execute(principal, project, query, settings);
            success = true;
            result = sqlResult.render(engine.zone(), MAX_RESULT_ROWS);
            format = sqlResult.tabular() ? "csv" : "text";
        } catch (ServiceException e) {
            if (e.status() == 404 && "NoSuchProject".equals(e.code())) {
                throw e;
            }
            success = false;
            result = e.getMessage();
            format = "text";
        }
        String id = LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "g" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 12);
        instances.put(id, new RunInstance(id, project, taskName, task.getTagName(), query, settings, success, result,
                format, start, Instant.now()));
        evictOld();
        call.setHeader("Location", "http://" + call.host() + "/api/projects/" + project + "/instances/" + id);
        call.respond(201, null, new byte[0]);
    }

    /** Forgets the oldest tenth once more than KEPT_INSTANCES are held; ids start with their creation time. */
    private void evictOld() {
        if (instances.size() > KEPT_INSTANCES) {
            Iterator<String> ids = instances.keySet().stream().sorted().iterator();
            while (instances.size() > KEPT_INSTANCES * 9 / 10 && ids.hasNext()) {
                instances.remove(ids.next());
            }
        }
    }

    private RunInstance instance(String project, String id) {
        RunInstance instance = instances.get(id);
        if (instance == null || !instance.project().equalsIgnoreCase(project)) {
            throw ServiceException.notFound("NoSuchObject", "ODPS-0420061:Instance not found - " + id);
        }
        return instance;
    }

    /**
     * All rows of a successful query instance, for the instance tunnel. The query runs again, so the rows are
     * those committed now, not when the instance ran.
     */
    public SqlResult fullResult(String project, String id) {
        RunInstance instance = instance(project, id);
        if (!instance.success()) {
            throw ServiceException.badRequest("TaskFailed", "instance " + id + " failed: " + instance.result());
        }
        SqlResult result = engine.execute(project, instance.query(), instance.settings());
        if (!result.tabular()) {
            throw ServiceException.badRequest("InvalidArgument", "instance " + id + " has no query result");
        }
        return result;
    }

    public void get(HttpCall call, String project, String id) throws IOException {
        RunInstance instance = instance(project, id);
        String taskStatus = instance.success() ? "Success" : "Failed";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Instance>");
        if (call.has("result")) {
            xml.append("<Tasks><Task Type=\"").append(instance.taskType()).append("\"><Name>")
                    .append(Xml.escape(instance.taskName())).append("</Name><Result Format=\"").append(instance.format())
                    // Base64 (which the SDK decodes) keeps control characters of values out of the XML
                    .append("\" Transform=\"Base64\">")
                    .append(Base64.getEncoder().encodeToString(instance.result().getBytes(StandardCharsets.UTF_8)))
                    .append("</Result></Task></Tasks>");
        } else if (call.has("taskstatus")) {
            xml.append("<Status>Terminated</Status><Tasks><Task Type=\"").append(instance.taskType())
                    .append("\"><Name>").append(Xml.escape(instance.taskName())).append("</Name><StartTime>")
                    .append(Xml.rfc822(instance.start())).append("</StartTime><EndTime>").append(Xml.rfc822(instance.end()))
                    .append("</EndTime><Status>").append(taskStatus).append("</Status></Task></Tasks>");
        } else {
            call.setHeader("x-odps-owner", "ALIYUN$emulator");
            call.setHeader("x-odps-start-time", Xml.rfc822(instance.start()));
            call.setHeader("x-odps-end-time", Xml.rfc822(instance.end()));
            xml.append("<Status>Terminated</Status>");
        }
        xml.append("</Instance>");
        call.respond(200, "application/xml", xml.toString());
    }




    private static Element firstTask(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(new ByteArrayInputStream(body));
            NodeList tasks = document.getElementsByTagName("Tasks");
            if (tasks.getLength() > 0) {
                for (Node n = tasks.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element element) {
                        if (!element.getTagName().equals("SQL")) {
                            throw ServiceException.badRequest("InvalidArgument", "the emulator runs SQL tasks only, not "
                                    + element.getTagName());
                        }
                        return element;
                    }
                }
            }
        } catch (ServiceException e) {
            throw e;
        } catch (Exception e) {
            throw ServiceException.badRequest("InvalidXmlRequest", "cannot parse the instance XML: " + e.getMessage());
        }
        throw ServiceException.badRequest("InvalidArgument", "the instance XML holds no task");
    }

    private static String text(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element && element.getTagName().equals(tag)) {
                return element.getTextContent();
            }
        }
        return null;
    }

    /** Task settings: the {@code settings} JSON property carries SQLTask hints such as allow.fullscan. */
    private static Map<String, String> settings(Element task) {
        Map<String, String> settings = new HashMap<>();
        NodeList properties = task.getElementsByTagName("Property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if ("settings".equals(text(property, "Name"))) {
                try (InputStream in = new ByteArrayInputStream(String.valueOf(text(property, "Value")).getBytes())) {
                    JsonNode json = JSON.readTree(in);
                    json.properties().forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
                } catch (IOException e) {
                    throw ServiceException.badRequest("InvalidArgument", "task settings are not JSON: " + e.getMessage());
                }
            }
        }
        return settings;
    }
}
