package com.connectorservice.syncjob.mapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON paths a sample value offers to the mapping editor, written the way {@link SourceField} parses them:
 * every member and array element down to the leaves ({@code a.a1}, {@code c[1]}, {@code d[0].AA}), names with a
 * dot or a bracket in the quoted form ({@code ['a.b']}).
 */
public final class SamplePaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplePaths() {
    }

    /** @return the paths in document order, at most {@code limit}; none when the value is not a JSON object */
    public static List<String> of(String value, int limit) {
        Set<String> paths = new LinkedHashSet<>();
        try {
            JsonNode root = JSON.readTree(value);
            if (root != null && root.isObject()) {
                walk(root, "", paths, limit, 0);
            }
        } catch (IOException e) {
            // not JSON: no paths
        }
        return new ArrayList<>(paths);
    }

    private static void walk(JsonNode node, String prefix, Set<String> paths, int limit, int depth) {
        if (paths.size() >= limit || depth > 16) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String name = member.getKey();
                boolean plain = !name.isEmpty() && !name.contains(".") && !name.contains("[") && !name.contains("]")
                        && !(prefix.isEmpty() && name.startsWith("__") && name.endsWith("__"));
                String path = plain ? (prefix.isEmpty() ? name : prefix + "." + name)
                        : (prefix.isEmpty() && !plain && name.contains("'") ? null : prefix + "['" + name + "']");
                if (path == null) {
                    continue;
                }
                paths.add(path);
                walk(member.getValue(), path, paths, limit, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && i < 10; i++) {
                String path = prefix + "[" + i + "]";
                paths.add(path);
                walk(node.get(i), path, paths, limit, depth + 1);
            }
        }
    }
}
