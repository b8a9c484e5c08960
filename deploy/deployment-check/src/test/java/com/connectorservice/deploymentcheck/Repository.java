package com.connectorservice.deploymentcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The repository's deployment files and the sources they must agree with. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("repository.root", "../..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final YAMLMapper YAML = new YAMLMapper();

    private Repository() {
    }

    static List<Path> files(String directory, String suffix) {
        try (Stream<Path> files = Files.walk(DEPLOY.resolve(directory))) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (multi-document) YAML file; fails with the file name when one does not parse. */
    static List<JsonNode> yamlDocuments(Path file) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> all = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    all.add(document);
                }
            }
            return all;
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " does not parse: " + e.getMessage(), e);
        }
    }

    /** All Kubernetes objects of deploy/kubernetes, by "Kind/name". */
    static Map<String, JsonNode> kubernetesObjects() {
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        for (Path file : files("kubernetes", ".yaml")) {
            for (JsonNode document : yamlDocuments(file)) {
                objects.put(document.path("kind").asText() + "/" + document.path("metadata").path("name").asText(), document);
            }
        }
        return objects;
    }

    static JsonNode compose() {
        return yamlDocuments(DEPLOY.resolve("compose/compose.yaml")).get(0);
    }

    static String read(String relativePath) {
        try {
            return Files.readString(ROOT.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variables the agent reads: the string constants of AgentConfig. */
    static Set<String> agentVariables() {
        return matches(read("worker-runtime/agent/src/main/java/com/connectorservice/agent/AgentConfig.java"),
                Pattern.compile("\"(CONNECTORS_[A-Z_]+)\""));
    }

    /**
     * Environment variables the control plane reads: {@code ${NAME}} placeholders of its application.yml, and the
     * relaxed-binding names of its {@code @ConfigurationProperties} records (prefix and component, upper case,
     * dots to underscores, dashes dropped: {@code connectors.secrets} + {@code keyFile} = CONNECTORS_SECRETS_KEYFILE).
     */
    static Set<String> controlPlaneVariables() {
        Set<String> names = matches(read("control-plane/src/main/resources/application.yml"),
                Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)"));
        Pattern properties = Pattern.compile("@ConfigurationProperties\\(\"([a-z.-]+)\"\\)\\s*(?:public\\s+)?record\\s+\\w+\\((.*?)\\)\\s*\\{",
                Pattern.DOTALL);
        Pattern component = Pattern.compile("(\\w+)\\s*(?:,|$)");
        try (Stream<Path> sources = Files.walk(ROOT.resolve("control-plane/src/main/java"))) {
            for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                names.addAll(matches(text, Pattern.compile("\"(CONNECTORS_[A-Z_]+)\"")));
                Matcher matcher = properties.matcher(text);
                while (matcher.find()) {
                    String prefix = matcher.group(1).replace("-", "").replace('.', '_').toUpperCase();
                    String parameters = matcher.group(2).replaceAll("@\\w+(\\([^)]*\\))?", "").replaceAll("<[^>]*>", "");
                    Matcher names2 = component.matcher(parameters.trim());
                    while (names2.find()) {
                        names.add(prefix + "_" + names2.group(1).toUpperCase());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> matches(String text, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** A Dockerfile's instructions, continuation lines joined and comments dropped, with ARG defaults applied. */
    record Dockerfile(Path path, List<String> instructions, Map<String, String> arguments) {

        static Dockerfile parse(Path path) {
            try {
                List<String> instructions = new ArrayList<>();
                StringBuilder current = new StringBuilder();
                for (String line : Files.readAllLines(path)) {
                    String trimmed = line.strip();
                    if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                        continue;
                    }
                    if (trimmed.endsWith("\\")) {
                        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                        continue;
                    }
                    instructions.add(current.append(trimmed).toString());
                    current.setLength(0);
                }
                Map<String, String> arguments = new LinkedHashMap<>();
                instructions.stream().filter(instruction -> instruction.startsWith("ARG ")).forEach(instruction -> {
                    String[] nameAndDefault = instruction.substring(4).trim().split("=", 2);
                    arguments.put(nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : "");
                });
                return new Dockerfile(path, instructions, arguments);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Instructions of one kind, their arguments with ${ARG} replaced by the defaults. */
        List<String> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.startsWith(keyword + " "))
                    .map(instruction -> substitute(instruction.substring(keyword.length() + 1).trim())).toList();
        }

        /** ENV instructions as name to value (the KEY=VALUE form). */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");
            for (String env : all("ENV")) {
                Matcher matcher = pair.matcher(env);
                while (matcher.find()) {
                    environment.put(matcher.group(1), matcher.group(2).replace("\"", ""));
                }
            }
            return environment;
        }

        private String substitute(String text) {
            String result = text;
            for (Map.Entry<String, String> argument : arguments.entrySet()) {
                result = result.replace("${" + argument.getKey() + "}", argument.getValue());
            }
            return result;
        }
    }
}
