package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Odps;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.account.StsAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.task.SQLTask;
import com.aliyun.odps.tunnel.TableTunnel;
import com.connectorservice.emulator.ramsts.StsTokens;

/** Requests signed with a role's STS credentials ({@code StsAccount}) are checked against seed 000's grants. */
class StsAuthorizationTest {
    static final String ACCOUNT = "1880000000000000";
    static final String USER = "`RAM$" + ACCOUNT + ":role/aliyunkafkamaxcomputeuser1`";

    @TempDir
    Path data;
    EmulatorFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EmulatorFixture(data);
        fixture.sql("CREATE TABLE test_kafka(topic STRING, value STRING) PARTITIONED BY (pt STRING);");
        fixture.sql("ALTER TABLE test_kafka ADD PARTITION (pt='a');");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Odps roleClient(Instant expiration) {
        StsTokens.TemporaryCredentials credentials = new StsTokens(StsTokens.DEFAULT_SIGNING_KEY)
                .issue(ACCOUNT, "AliyunKafkaMaxComputeUser1", "connector", expiration);
        Odps odps = new Odps(new StsAccount(credentials.accessKeyId(), credentials.accessKeySecret(),
                credentials.securityToken()));
        odps.setEndpoint(fixture.emulator.endpoint());
        odps.setDefaultProject(EmulatorFixture.PROJECT);
        return odps;
    }

    private static void upload(Odps odps) throws Exception {
        TableTunnel.UploadSession session = new TableTunnel(odps)
                .createUploadSession(EmulatorFixture.PROJECT, "test_kafka", new PartitionSpec("pt='a'"));
        try (RecordWriter writer = session.openRecordWriter(0)) {
            Record record = session.newRecord();
            record.setString("topic", "t");
            record.setString("value", "v");
            writer.write(record);
        }
        session.commit(new Long[] {0L});
    }

    private static void alter(Odps odps) throws Exception {
        SQLTask.run(odps, "ALTER TABLE test_kafka ADD IF NOT EXISTS PARTITION (pt='b');").waitForSuccess();
    }

    @Test
    void eachSeed000GrantOpensExactlyItsOperation() throws Exception {
        Odps role = roleClient(Instant.now().plusSeconds(3600));
        assertThatThrownBy(() -> role.tables().get("test_kafka").reload())
                .hasMessageContaining("ODPS-0420095").hasMessageContaining("don't exist in project connector_test");

        fixture.sql("add user " + USER + ";");
        fixture.sql("grant CreateInstance on project connector_test to user " + USER + ";");
        assertThatThrownBy(() -> role.tables().get("test_kafka").reload())
                .hasMessageContaining("You have NO privilege 'odps:Describe' on "
                        + "{acs:odps:*:projects/connector_test/tables/test_kafka}");
        assertThatThrownBy(() -> alter(role)).hasMessageContaining("'odps:Alter'");
        assertThatThrownBy(() -> upload(role)).hasMessageContaining("'odps:Update'");

        fixture.sql("grant Describe, Alter, Update on table test_kafka to user " + USER + ";");
        role.tables().get("test_kafka").reload();
        alter(role);
        upload(role);
        assertThat(fixture.emulator.rows(EmulatorFixture.PROJECT, "test_kafka", "pt='a'")).hasSize(1);
        assertThat(fixture.emulator.execute("SHOW PARTITIONS test_kafka")).hasSize(2);
        // a role cannot grant itself more
        assertThatThrownBy(() -> SQLTask.run(role, "grant All on table test_kafka to user " + USER + ";")
                .waitForSuccess()).hasMessageContaining("odps:SetPolicy");

        fixture.sql("revoke Update on table test_kafka from user " + USER + ";");
        assertThatThrownBy(() -> upload(role)).hasMessageContaining("'odps:Update'");
    }

    @Test
    void temporaryCredentialsWorkUntilTheyExpire() throws Exception {
        fixture.sql("add user " + USER + ";");
        fixture.sql("grant Describe on table test_kafka to user " + USER + ";");
        Odps role = roleClient(Instant.now().plusSeconds(2));
        role.tables().get("test_kafka").reload();

        Thread.sleep(2100);
        assertThatThrownBy(() -> role.tables().get("test_kafka").reload())
                .hasMessageContaining("ODPS-0410051").hasMessageContaining("security token").hasMessageContaining("expired at");
    }

    @Test
    void aTokenSealedWithAnotherKeyIsRefused() {
        StsTokens.TemporaryCredentials forged = new StsTokens("not-the-emulators-key")
                .issue(ACCOUNT, "AliyunKafkaMaxComputeUser1", "connector", Instant.now().plusSeconds(600));
        Odps odps = new Odps(new StsAccount(forged.accessKeyId(), forged.accessKeySecret(), forged.securityToken()));
        odps.setEndpoint(fixture.emulator.endpoint());
        odps.setDefaultProject(EmulatorFixture.PROJECT);
        assertThatThrownBy(() -> odps.tables().get("test_kafka").reload())
                .hasMessageContaining("security token is invalid");
    }
}
