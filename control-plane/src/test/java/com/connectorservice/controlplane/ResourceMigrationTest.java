package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Connectors created before the service recorded what it created (V102) get that record from their creation's audit
 * event, and AGENT tokens issued before V101 are bound to their names.
 */
class ResourceMigrationTest {

    @Test
    void legacyConnectorsAndAgentTokensAreCarriedOver() throws SQLException {
        String database = "legacy_" + System.nanoTime();
        try (Connection admin = DriverManager.getConnection(SharedInfrastructure.jdbcUrl(), "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + database);
        }
        String url = SharedInfrastructure.POSTGRES.getJdbcUrl("postgres", database);
        Flyway.configure().dataSource(url, "postgres", "").target("100").load().migrate();
        try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement sql = db.createStatement()) {
            sql.execute("insert into kafka_instance (id, name, bootstrap_servers, created_at, updated_at)"
                    + " values ('old', 'old', 'localhost:9092', now(), now())");
            sql.execute("insert into connector (instance_id, name, status, source_topic, destination_type, definition,"
                    + " created_at, updated_at) values ('old', 'orders', 'NOT_DEPLOYED', 'orders-in', 'MAXCOMPUTE', '{}',"
                    + " now() - interval '1 hour', now())");
            sql.execute("insert into audit_event (occurred_at, actor, action, target, details) values"
                    + " (now() - interval '2 hours', 'admin', 'connector.create', 'instances/old/connectors/orders',"
                    + " '{\"createdTopics\":[\"connect-offset-orders\",\"from-an-earlier-connector\"],\"committedPartitions\":3}'),"
                    + " (now() - interval '1 hour' + interval '1 second', 'admin', 'connector.create',"
                    + " 'instances/old/connectors/orders', '{\"createdTopics\":[\"connect-offset-orders\",\"connect-config-orders\"],"
                    + " \"committedPartitions\":3}')");
            sql.execute("insert into api_token (name, role, token_hash, created_at) values ('host-7', 'AGENT', 'h1', now()),"
                    + " ('viewer', 'VIEWER', 'h2', now())");
        }

        Flyway.configure().dataSource(url, "postgres", "").load().migrate();

        try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement sql = db.createStatement()) {
            assertThat(rows(sql, "select kind || ' ' || name from kafka_resource order by kind desc, name"))
                    .containsExactly("TOPIC connect-config-orders", "TOPIC connect-offset-orders", "GROUP connect-orders");
            assertThat(rows(sql, "select name || '=' || coalesce(agent_id, '-') from api_token order by name"))
                    .containsExactly("host-7=host-7", "viewer=-");
        }
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
