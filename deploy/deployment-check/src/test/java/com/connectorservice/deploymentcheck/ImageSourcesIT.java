package com.connectorservice.deploymentcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every COPY of every image takes something the build has just made (a module's target/ output), so
 * {@code docker build} after {@code ./mvnw install} cannot miss a file; and what the ENTRYPOINT runs was copied in.
 * Runs after the package phase, when those files exist.
 */
class ImageSourcesIT {

    @Test
    void everyCopySourceIsBuildOutputThatExists() {
        List<Path> dockerfiles = Repository.files("docker", ".Dockerfile");
        assertThat(dockerfiles).extracting(file -> file.getFileName().toString())
                .contains("control-plane.Dockerfile", "agent.Dockerfile");
        for (Path path : dockerfiles) {
            Repository.Dockerfile dockerfile = Repository.Dockerfile.parse(path);
            List<String> copies = dockerfile.all("COPY");
            assertThat(copies).as(path + " copies something").isNotEmpty();
            for (String copy : copies) {
                assertThat(copy).as("no multi-stage copies expected").doesNotStartWith("--from");
                String[] sourceAndDestination = copy.split("\\s+");
                assertThat(sourceAndDestination).as(copy).hasSize(2);
                String source = sourceAndDestination[0];
                assertThat(source).as(path.getFileName() + ": " + source + " is build output").contains("/target/");
                assertThat(Files.exists(Repository.ROOT.resolve(source)))
                        .as(path.getFileName() + ": COPY source " + source + " exists (run ./mvnw install -DskipTests)")
                        .isTrue();
                if (source.endsWith("/")) {
                    assertThat(Repository.ROOT.resolve(source)).isDirectory().isNotEmptyDirectory();
                }
            }
            String entrypoint = String.join(" ", dockerfile.all("ENTRYPOINT"));
            String jar = entrypoint.replaceAll(".*\"-jar\",\\s*\"([^\"]+)\".*", "$1");
            assertThat(copies).as(path.getFileName() + ": the ENTRYPOINT's jar " + jar + " is copied in")
                    .anyMatch(copy -> copy.endsWith(" " + jar));
        }
    }

    @Test
    void theAgentImageCarriesBothSinkPluginsWithTheirServiceLoaderManifests() {
        Repository.Dockerfile agent = Repository.Dockerfile.parse(Repository.DEPLOY.resolve("docker/agent.Dockerfile"));
        String pluginPath = agent.environment().get("CONNECTORS_AGENT_PLUGIN_PATH");
        for (String sink : List.of("maxcompute-sink", "tablestore-sink")) {
            String copy = agent.all("COPY").stream().filter(line -> line.endsWith(pluginPath + "/" + sink + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError("no COPY of " + sink + " into " + pluginPath));
            Path directory = Repository.ROOT.resolve(copy.split("\\s+")[0]);
            try (var jars = Files.walk(directory)) {
                assertThat(jars.filter(jar -> jar.toString().endsWith(".jar"))
                        .anyMatch(ImageSourcesIT::hasSinkServiceManifest)).as(sink + " plugin declares its connector").isTrue();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(agent.all("COPY")).anyMatch(copy -> copy.startsWith("worker-runtime/agent/target/lib/"));
    }

    private static boolean hasSinkServiceManifest(Path jar) {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector") != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
