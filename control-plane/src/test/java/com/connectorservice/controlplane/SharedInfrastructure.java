package com.connectorservice.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import com.connectorservice.testing.KafkaBroker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One PostgreSQL and one Kafka broker per test JVM, shared by every test class and the one Spring context. */
public final class SharedInfrastructure {

    static final EmbeddedPostgres POSTGRES = startPostgres();
    static final KafkaBroker KAFKA = KafkaBroker.start();

    /**
     * Stops the broker and PostgreSQL when the test run ends, inside the run rather than in a JVM shutdown
     * hook: a broker with hundreds of test partitions takes long enough to stop that surefire would give up
     * waiting for the fork to exit.
     */
    public static final class Shutdown implements LauncherSessionListener {

        /** Set by the outer class's initializer; reading it must not start the infrastructure. */
        private static volatile boolean started;

        @Override
        public void launcherSessionClosed(LauncherSession session) {
            if (started) {
                KAFKA.close();
                try {
                    POSTGRES.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static {
        Shutdown.started = true;
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
