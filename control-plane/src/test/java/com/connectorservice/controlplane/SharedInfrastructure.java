package com.connectorservice.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.connectorservice.testing.KafkaBroker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One PostgreSQL and one Kafka broker per test JVM, shared by every test class and the one Spring context. */
final class SharedInfrastructure {

    static final EmbeddedPostgres POSTGRES = startPostgres();
    static final KafkaBroker KAFKA = KafkaBroker.start();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            KAFKA.close();
            try {
                POSTGRES.close();
            } catch (IOException ignored) {
                // the JVM is exiting anyway
            }
        }));
    }

    private SharedInfrastructure() {
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String jdbcUrl() {
        return POSTGRES.getJdbcUrl("postgres", "postgres");
    }
}
