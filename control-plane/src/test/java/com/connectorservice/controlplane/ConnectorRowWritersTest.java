package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.controlplane.connector.ConnectorEntity;
import com.connectorservice.controlplane.connector.ConnectorRepository;
import com.connectorservice.controlplane.connector.ConnectorStatus;

/**
 * The connector row has one writer (its repository): the status the agents report and a definition edit are written
 * by different statements of it, so neither undoes the other when they overlap.
 */
class ConnectorRowWritersTest extends ControlPlaneTestBase {

    @Autowired
    ConnectorRepository connectors;

    @Autowired
    TransactionTemplate transaction;

    private String instanceId;
    private String source;
    private String name;

    @BeforeEach
    void oneConnector() {
        instanceId = createInstance();
        source = unique("rows-input");
        createTopic(source, 1);
        name = unique("rows");
        assertThat(api.post(connectorsPath(instanceId), definition(name, source)).status()).isEqualTo(201);
    }

    @Test
    void aStatusReportDuringADefinitionEditAndTheEditBothSurvive() {

        // an edit loads the row, a status report commits meanwhile (another thread, its own transaction), the edit commits
        transaction.executeWithoutResult(tx -> {
            ConnectorEntity editing = connectors.findByInstanceIdAndName(instanceId, name).orElseThrow();
            assertThat(editing.getStatus()).isEqualTo(ConnectorStatus.NOT_DEPLOYED);
            CompletableFuture.runAsync(() -> connectors.updateStatus(editing.getId(), ConnectorStatus.RUNNING)).join();
            ReflectionTestUtils.setField(editing, "description", "edited while running");
        });

        assertThat(queryString("select status from connector where instance_id = ? and name = ?", instanceId, name))
                .isEqualTo("RUNNING");
        assertThat(queryString("select description from connector where instance_id = ? and name = ?", instanceId, name))
                .isEqualTo("edited while running");
    }

    @Test
    void aDefinitionEditThroughTheApiKeepsTheReportedStatusAndReportsNeverReplaceDeleting() {
        long id = connectors.findByInstanceIdAndName(instanceId, name).orElseThrow().getId();

        connectors.updateStatus(id, ConnectorStatus.PAUSED);
        var edit = definition(name, source);
        edit.put("description", "edited");
        Api.Response edited = api.put(connectorsPath(instanceId) + "/" + name, edit);
        connectors.updateStatus(id, ConnectorStatus.STOPPED);

        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.body().path("status").asString()).isEqualTo("PAUSED");
        Api.Response after = api.get(connectorsPath(instanceId) + "/" + name);
        assertThat(after.body().path("status").asString()).isEqualTo("STOPPED");
        assertThat(after.body().path("description").asString()).isEqualTo("edited");

        transaction.executeWithoutResult(tx -> assertThat(connectors.markDeleting(id, false)).isEqualTo(1));
        assertThat(connectors.updateStatus(id, ConnectorStatus.RUNNING)).isZero();
        assertThat(connectors.markDeleting(id, true)).isZero();
    }
}
