package com.connectorservice.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.connectorservice.agent.dense.DenseConnectorRuntime;
import com.connectorservice.agent.worker.WorkerLaunch;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.contracts.agent.AgentProtocol.RestartRequest;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.testing.KafkaBroker;

/** Agents, placements and topics for the agent's tests. Child Connect JVMs die with the test JVM whatever happens. */
final class AgentTestSupport {

    /** Where an agent's workers listen unless a test puts it on an address of its own. */
    static final String HOST = "127.0.0.1";

    private static final List<Agent> AGENTS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AGENTS.forEach(agent -> agent.runtime().killAll())));
    }

    private AgentTestSupport() {
    }

    static Agent startAgent(Path dataDir, URI controlPlane) {
        return startAgent(dataDir, dataDir.resolve("secrets"), controlPlane);
    }

    static Agent startAgent(Path dataDir, Path secretsDir, URI controlPlane) {
        return startAgent(dataDir, secretsDir, controlPlane, HOST);
    }

    static Agent startAgent(Path dataDir, Path secretsDir, URI controlPlane, String host) {
        try {
            Files.createDirectories(dataDir.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The child workers run Kafka Connect and the FileStreamSinkConnector from the test classpath.
        AgentConfig config = new AgentConfig("agent-" + dataDir.getFileName(), host, host, 100, 4L << 30, "test",
                controlPlane,
                ControlPlaneStub.TOKEN, dataDir, secretsDir,
                new WorkerLaunch(WorkerLaunch.currentJava(), WorkerLaunch.DEFAULT_JVM_OPTIONS,
                        System.getProperty("java.class.path"), dataDir.resolve("plugins")),
                DenseConnectorRuntime.DEFAULT_JVM_OPTIONS, Duration.ofSeconds(1), Duration.ofSeconds(120));
        Agent agent = new Agent(config);
        AGENTS.add(agent);
        return agent.start();
    }

    /** Closes the agent and kills its workers: what a test leaves behind must not eat the 2 cores. */
    static void stopAgentAndWorkers(Agent agent) {
        if (agent != null) {
            agent.close();
            agent.runtime().killAll();
        }
    }

    /** The topics the control plane provisions for a connector, plus its source topic. */
    static void provisionTopics(KafkaBroker broker, String name, String sourceTopic) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        broker.createTopic("connect-config-" + name, 1, compact);
        broker.createTopic("connect-offset-" + name, 2, compact);
        broker.createTopic("connect-status-" + name, 2, compact);
        broker.createTopic(sourceTopic, 2);
    }

    /**
     * A FileStreamSinkConnector whose output file is passed as a secret, so records in the file prove the worker
     * resolved the secret reference.
     */
    static DesiredConnector fileSink(KafkaBroker broker, String name, String topic, Path outputFile, long generation,
                                     TargetState target, RestartRequest restart, ResetOffsetsRequest reset) {
        return fileSink(broker, name, topic, outputFile, generation, target, restart, reset, 1);
    }

    static DesiredConnector fileSink(KafkaBroker broker, String name, String topic, Path outputFile, long generation,
                                     TargetState target, RestartRequest restart, ResetOffsetsRequest reset,
                                     int tasks) {
        WorkerSpec worker = new WorkerSpec(broker.bootstrapServers(), Map.of(), "connect-cluster-" + name,
                "connect-config-" + name, "connect-offset-" + name, "connect-status-" + name);
        Map<String, String> config = Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", Integer.toString(tasks),
                "topics", topic,
                "file", "${secret:outputFile}",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "destination.password", "${secret:password}");
        Map<String, String> secrets = Map.of("outputFile", outputFile.toString(), "password", secretOf(name));
        return new DesiredConnector(name, "instance-1", generation, target, worker, config, secrets, restart, reset);
    }

    static DesiredConnector withConfig(DesiredConnector connector, Map<String, String> changes) {
        Map<String, String> config = new java.util.HashMap<>(connector.connectorConfig());
        config.putAll(changes);
        return new DesiredConnector(connector.name(), connector.instanceId(), connector.generation(),
                connector.targetState(), connector.worker(), config, connector.secrets(), connector.restart(),
                connector.resetOffsets());
    }

    static DesiredConnector withIsolation(DesiredConnector connector, Isolation isolation) {
        WorkerSpec worker = connector.worker();
        return new DesiredConnector(connector.name(), connector.instanceId(), connector.generation(),
                connector.targetState(), new WorkerSpec(worker.bootstrapServers(), worker.clientProperties(),
                        worker.groupId(), worker.configTopic(), worker.offsetTopic(), worker.statusTopic(), isolation),
                connector.connectorConfig(), connector.secrets(), connector.restart(), connector.resetOffsets());
    }

    static String secretOf(String name) {
        return "s3cr3t-value-of-" + name;
    }

    static void produce(KafkaBroker broker, String topic, int from, int toExclusive) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = from; i < toExclusive; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, value(i)));
            }
            producer.flush();
        }
    }

    static byte[] value(int i) {
        return ("record-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
