package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentialProvider;
import com.connectorservice.emulator.ramsts.StsTokens;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK with STS temporary credentials (token in {@code x-ots-ststoken}) until they expire. */
class StsCredentialsTest {
    static TablestoreEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = TablestoreEmulator.builder().credential("ak", "sk").instance("inst").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static SyncClient client(StsTokens.TemporaryCredentials credentials) {
        return new SyncClient(emulator.endpoint(), new DefaultCredentialProvider(credentials.accessKeyId(),
                credentials.accessKeySecret(), credentials.securityToken()), "inst", new ClientConfiguration(), null);
    }

    @Test
    void temporaryCredentialsAreAcceptedUntilTheyExpire() throws Exception {
        StsTokens.TemporaryCredentials credentials = new StsTokens(StsTokens.DEFAULT_SIGNING_KEY).issue(
                "1880000000000000", "AliyunServiceRoleForAlikafkaConnector", "connector", Instant.now().plusSeconds(2));
        SyncClient client = client(credentials);
        try {
            assertThat(client.listTable().getTableNames()).isEmpty();
            Thread.sleep(2100);
            assertThatThrownBy(client::listTable).isInstanceOfSatisfying(TableStoreException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo("OTSAuthFailed");
                assertThat(e.getMessage()).contains("security token you provided has expired");
            });
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aTokenSealedWithAnotherKeyIsRefused() {
        SyncClient client = client(new StsTokens("another-key").issue("1880000000000000", "r", "s",
                Instant.now().plusSeconds(600)));
        try {
            assertThatThrownBy(client::listTable).isInstanceOfSatisfying(TableStoreException.class,
                    e -> assertThat(e.getMessage()).contains("Invalid security token"));
        } finally {
            client.shutdown();
        }
    }
}
