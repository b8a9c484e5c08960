package com.connectorservice.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;

/**
 * A destination outage as the agent reports it: our MaxCompute sink in a real Connect worker, the MaxCompute emulator
 * stopped and started again. While it is down the task keeps its records and says so through its plugin metrics, which
 * reach the report through the worker's metrics extension; when it is back, writing resumes and the report says so.
 */
class DestinationOutageTest extends AgentScenarioTest {

    private static final String PROJECT = "outage_test";
    private static final String ACCESS_ID = "outage-ak";
    private static final String ACCESS_KEY = "outage-sk";
    private static final String TABLE = "outage_rows";

    private MaxComputeEmulator maxCompute;

    @BeforeEach
    void startMaxCompute() {
        maxCompute = startMaxCompute(0);
        maxCompute.execute("CREATE TABLE " + TABLE + "(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
    }

    @AfterEach
    void stopMaxCompute() {
        if (maxCompute != null) {
            maxCompute.close();
        }
    }

    @Test
    void whileTheDestinationIsDownTheReportSaysSinceWhenAndHowOftenItRetriedAndWhenItIsBackWritingResumes()
            throws Exception {
        String name = "outage";
        AgentTestSupport.provisionTopics(broker, name, topic(name));
        AgentTestSupport.produce(broker, topic(name), 0, 20);
        controlPlane.place(maxComputeSink(name));
        await().atMost(Duration.ofSeconds(120)).until(() -> rows() == 20);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(taskMetrics(name))
                .singleElement().satisfies(task -> assertThat(task.destinationUnavailable()).isFalse()));

        Instant down = Instant.now();
        int port = maxCompute.port();
        maxCompute.close();
        maxCompute = null;
        AgentTestSupport.produce(broker, topic(name), 20, 40);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(taskMetrics(name)).singleElement()
                .satisfies(task -> {
                    assertThat(task.destinationUnavailable()).as(task.toString()).isTrue();
                    assertThat(task.destinationRetries()).isPositive();
                    assertThat(task.destinationLastError()).isNotBlank().doesNotContain("\n");
                }));
        TaskMetrics waiting = taskMetrics(name).get(0);
        assertThat(Instant.ofEpochMilli(waiting.destinationUnavailableSince())).isAfterOrEqualTo(down.minusSeconds(1));
        assertThat(report(name).state()).as("a connector waiting for its destination is still running")
                .isEqualTo("RUNNING");

        maxCompute = startMaxCompute(port);
        Instant back = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 40);
        Duration resumed = Duration.between(back, Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(taskMetrics(name)).singleElement()
                .satisfies(task -> {
                    assertThat(task.destinationUnavailable()).isFalse();
                    assertThat(task.destinationRetries()).isZero();
                }));
        System.out.printf("destination outage: %d retries reported; writing resumed %d ms after the destination was back%n",
                waiting.destinationRetries(), resumed.toMillis());
    }

    private MaxComputeEmulator startMaxCompute(int port) {
        return MaxComputeEmulator.builder().port(port).dataDirectory(dir.resolve("maxcompute"))
                .credential(ACCESS_ID, ACCESS_KEY).project(PROJECT).start();
    }

    private int rows() {
        return maxCompute == null ? -1 : maxCompute.rows(PROJECT, TABLE, null).size();
    }

    private List<TaskMetrics> taskMetrics(String name) {
        return controlPlane.report(name).filter(report -> report.worker() != null)
                .map(report -> report.worker().taskMetrics()).orElse(List.of());
    }

    private DesiredConnector maxComputeSink(String name) {
        WorkerSpec worker = new WorkerSpec(broker.bootstrapServers(), Map.of(), "connect-cluster-" + name,
                "connect-config-" + name, "connect-offset-" + name, "connect-status-" + name);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "com.aliyun.odps.kafka.connect.MaxComputeSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic(name));
        config.put("endpoint", maxCompute.endpoint());
        config.put("tunnel_endpoint", maxCompute.tunnelEndpoint());
        config.put("project", PROJECT);
        config.put("table", TABLE);
        config.put("account_type", "ALIYUN");
        config.put("access_id", ACCESS_ID);
        config.put("access_key", "${secret:accessKey}");
        config.put("partition_window_type", "MINUTE");
        config.put("mode", "VALUE");
        config.put("format", "TEXT");
        config.put("retry_backoff_ms", "200");
        return new DesiredConnector(name, "instance-1", 1, TargetState.RUNNING, worker, config,
                Map.of("accessKey", ACCESS_KEY), null, null);
    }
}
