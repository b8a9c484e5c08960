package com.connectorservice.deploymentcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Compose file and the Kubernetes manifests parse, set the environment variables the applications read under
 * the names they read them, and agree on ports and probe paths with each other and with the images.
 */
class ManifestsTest {

    private static final Path CONTROL_PLANE_IMAGE = Repository.DEPLOY.resolve("docker/control-plane.Dockerfile");
    private static final Path AGENT_IMAGE = Repository.DEPLOY.resolve("docker/agent.Dockerfile");

    @Test
    void everyYamlFileParsesAndEveryKubernetesObjectIsNamed() {
        List<Path> yamlFiles = Repository.files("", ".yaml");
        assertThat(yamlFiles).extracting(file -> Repository.DEPLOY.relativize(file).toString())
                .contains("compose/compose.yaml", "kubernetes/control-plane.yaml", "kubernetes/agent.yaml");
        yamlFiles.forEach(file -> assertThat(Repository.yamlDocuments(file)).as(file.toString()).isNotEmpty());
        for (Path file : Repository.files("kubernetes", ".yaml")) {
            for (JsonNode object : Repository.yamlDocuments(file)) {
                assertThat(object.path("apiVersion").asText()).as("apiVersion in " + file).isNotBlank();
                assertThat(object.path("kind").asText()).as("kind in " + file).isNotBlank();
                if (!object.path("kind").asText().equals("Kustomization")) {
                    assertThat(object.path("metadata").path("name").asText()).as("metadata.name in " + file).isNotBlank();
                }
            }
        }
        JsonNode kustomization = Repository.yamlDocuments(Repository.DEPLOY.resolve("kubernetes/kustomization.yaml")).get(0);
        kustomization.path("resources").forEach(resource -> assertThat(
                Repository.DEPLOY.resolve("kubernetes").resolve(resource.asText())).as("kustomization resource").exists());
    }

    @Test
    void composeHasPostgresKafkaTheControlPlaneAndTwoAgentsBuiltFromOurImages() {
        JsonNode services = Repository.compose().path("services");
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("postgres", "kafka", "control-plane", "agent-1", "agent-2");
        for (String service : List.of("control-plane", "agent-1")) {
            JsonNode build = services.path(service).path("build");
            Path context = Repository.DEPLOY.resolve("compose").resolve(build.path("context").asText()).normalize();
            assertThat(context).as(service + " build context").isEqualTo(Repository.ROOT);
            assertThat(context.resolve(build.path("dockerfile").asText())).as(service + " dockerfile").exists();
        }
        assertThat(services.path("agent-2").path("image").asText()).isEqualTo(services.path("agent-1").path("image").asText());
        assertThat(services.path("agent-1").path("environment").path("CONNECTORS_AGENT_ID").asText())
                .isNotEqualTo(services.path("agent-2").path("environment").path("CONNECTORS_AGENT_ID").asText());
        assertThat(services.path("kafka").path("image").asText()).as("the broker runs the build's Kafka version")
                .endsWith(":4.3.1");
    }

    @Test
    void controlPlaneVariablesAreOnesItReads() {
        Set<String> known = Repository.controlPlaneVariables();
        Map<String, String> compose = controlPlaneEnvironmentInCompose();
        Map<String, String> kubernetes = controlPlaneEnvironmentInKubernetes();
        for (Map<String, String> environment : List.of(compose, kubernetes)) {
            assertThat(environment).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD", "CONNECTORS_ADMIN_TOKEN", "CONNECTORS_AGENT_TOKEN");
            assertThat(environment.keySet()).as("the secrets key from a file or the environment")
                    .containsAnyOf("CONNECTORS_SECRETS_KEYFILE", "CONNECTORS_SECRETS_KEY");
            environment.keySet().stream().filter(name -> name.startsWith("CONNECTORS_")).forEach(name ->
                    assertThat(known).as(name + " is read by the control plane (known: " + known + ")").contains(name));
        }
        assertThat(known).contains("CONNECTORS_ADMIN_TOKEN", "CONNECTORS_AGENT_TOKEN", "CONNECTORS_SECRETS_KEYFILE",
                "CONNECTORS_SECRETS_KEY");
    }

    @Test
    void agentVariablesAreOnesItReadsAndTheRequiredOnesAreSet() {
        Set<String> known = Repository.agentVariables();
        Map<String, String> image = Repository.Dockerfile.parse(AGENT_IMAGE).environment();
        JsonNode services = Repository.compose().path("services");
        for (String agent : List.of("agent-1", "agent-2")) {
            Map<String, String> environment = new LinkedHashMap<>(image);
            environment.putAll(map(services.path(agent).path("environment")));
            checkAgentEnvironment(agent + " in compose.yaml", environment, known);
        }
        Map<String, String> kubernetes = new LinkedHashMap<>(image);
        kubernetes.putAll(map(Repository.kubernetesObjects().get("ConfigMap/agent-config").path("data")));
        agentContainer().path("env").forEach(variable -> kubernetes.put(variable.path("name").asText(), "(from ref)"));
        checkAgentEnvironment("the agent StatefulSet", kubernetes, known);
        // every agent of a connector must see the same secrets directory path (docs/agent-protocol.md)
        assertThat(kubernetes.get("CONNECTORS_AGENT_SECRETS_DIR")).isEqualTo(image.get("CONNECTORS_AGENT_SECRETS_DIR"));
    }

    @Test
    void portsAndProbesAgree() {
        Repository.Dockerfile image = Repository.Dockerfile.parse(CONTROL_PLANE_IMAGE);
        String port = image.environment().get("SERVER_PORT");
        assertThat(image.all("EXPOSE")).containsExactly(port);

        JsonNode services = Repository.compose().path("services");
        assertThat(controlPlaneEnvironmentInCompose().get("SERVER_PORT")).isEqualTo(port);
        assertThat(services.path("control-plane").path("ports").get(0).asText()).endsWith(":" + port);
        for (String agent : List.of("agent-1", "agent-2")) {
            URI url = URI.create(services.path(agent).path("environment").path("CONNECTORS_CONTROL_PLANE_URL").asText());
            assertThat(url.getHost()).isEqualTo("control-plane");
            assertThat(url.getPort()).isEqualTo(Integer.parseInt(port));
        }

        Map<String, JsonNode> objects = Repository.kubernetesObjects();
        JsonNode container = objects.get("Deployment/control-plane").path("spec").path("template").path("spec")
                .path("containers").get(0);
        assertThat(controlPlaneEnvironmentInKubernetes().get("SERVER_PORT")).isEqualTo(port);
        assertThat(container.path("ports").get(0).path("containerPort").asText()).isEqualTo(port);
        String portName = container.path("ports").get(0).path("name").asText();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).startsWith("/actuator/health");
            assertThat(get.path("port").asText()).as(probe).isIn(portName, port);
        }
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).endsWith("/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).endsWith("/liveness");
        assertThat(controlPlaneEnvironmentInKubernetes()).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        assertThat(container.path("resources").path("requests").path("memory").asText()).isNotBlank();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();

        JsonNode service = objects.get("Service/control-plane").path("spec");
        assertThat(service.path("ports").get(0).path("targetPort").asText()).isIn(portName, port);
        URI agentsView = URI.create(objects.get("ConfigMap/agent-config").path("data").path("CONNECTORS_CONTROL_PLANE_URL").asText());
        assertThat(agentsView.getHost()).startsWith("control-plane.");
        assertThat(agentsView.getPort()).isEqualTo(service.path("ports").get(0).path("port").asInt());
        assertThat(agentContainer().path("resources").path("limits").path("memory").asText()).isNotBlank();
    }

    @Test
    void secretsAreReferencedNotWrittenIntoTheManifests() {
        JsonNode kustomization = Repository.yamlDocuments(Repository.DEPLOY.resolve("kubernetes/kustomization.yaml")).get(0);
        kustomization.path("resources").forEach(resource -> assertThat(Repository.yamlDocuments(
                Repository.DEPLOY.resolve("kubernetes").resolve(resource.asText())))
                .as(resource.asText() + ": real secrets are created by the operator, never applied from the repository")
                .noneMatch(object -> object.path("kind").asText().equals("Secret")));
        for (String secretVariable : List.of("CONNECTORS_ADMIN_TOKEN", "CONNECTORS_AGENT_TOKEN", "SPRING_DATASOURCE_PASSWORD")) {
            assertThat(controlPlaneEnvironmentInCompose().get(secretVariable)).as(secretVariable + " in compose")
                    .startsWith("${").contains(":?");
            assertThat(controlPlaneContainer().path("env").findValues("name").stream().map(JsonNode::asText))
                    .contains(secretVariable);
        }
        assertThat(Files.exists(Repository.DEPLOY.resolve("compose/.gitignore"))).isTrue();
    }

    private static void checkAgentEnvironment(String where, Map<String, String> environment, Set<String> known) {
        assertThat(environment).as(where).containsKeys("CONNECTORS_CONTROL_PLANE_URL", "CONNECTORS_AGENT_TOKEN",
                "CONNECTORS_AGENT_ID");
        environment.keySet().stream().filter(name -> name.startsWith("CONNECTORS_")).forEach(name ->
                assertThat(known).as(name + " in " + where + " is read by the agent").contains(name));
    }

    private static Map<String, String> controlPlaneEnvironmentInCompose() {
        Map<String, String> environment = new LinkedHashMap<>(Repository.Dockerfile.parse(CONTROL_PLANE_IMAGE).environment());
        environment.putAll(map(Repository.compose().path("services").path("control-plane").path("environment")));
        return environment;
    }

    private static Map<String, String> controlPlaneEnvironmentInKubernetes() {
        Map<String, String> environment = new LinkedHashMap<>(Repository.Dockerfile.parse(CONTROL_PLANE_IMAGE).environment());
        environment.putAll(map(Repository.kubernetesObjects().get("ConfigMap/control-plane-config").path("data")));
        controlPlaneContainer().path("env").forEach(variable -> environment.put(variable.path("name").asText(), "(from ref)"));
        return environment;
    }

    private static JsonNode controlPlaneContainer() {
        return Repository.kubernetesObjects().get("Deployment/control-plane").path("spec").path("template").path("spec")
                .path("containers").get(0);
    }

    private static JsonNode agentContainer() {
        return Repository.kubernetesObjects().get("StatefulSet/agent").path("spec").path("template").path("spec")
                .path("containers").get(0);
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
