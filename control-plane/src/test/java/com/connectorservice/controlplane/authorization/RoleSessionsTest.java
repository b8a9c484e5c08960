package com.connectorservice.controlplane.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Odps;
import com.aliyun.odps.account.StsAccount;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.CreateRoleRequest;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.emulator.ramsts.RamStsEmulator;

/**
 * A user's RAM role assumed by the service with the real STS SDK against the RAM/STS emulator; the temporary
 * credentials open the user's MaxCompute project (the emulator checks seed 000's grants) and are reused while fresh.
 */
class RoleSessionsTest {
    static final String ACCOUNT = AuthorizationCheckTest.ACCOUNT;
    static final String ROLE = "AliyunKafkaMaxComputeUser1";

    @TempDir
    Path data;
    RamStsEmulator ramSts;
    MaxComputeEmulator maxCompute;
    String stsEndpoint;

    @BeforeEach
    void start() throws Exception {
        ramSts = RamStsEmulator.builder().port(0).account(ACCOUNT, "owner-ak", "owner-sk")
                .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk").start();
        stsEndpoint = "http://" + ramSts.endpoint();
        maxCompute = MaxComputeEmulator.builder().port(0).dataDirectory(data).credential("owner-ak", "owner-sk")
                .project("sync_project").start();
        maxCompute.execute("CREATE TABLE t_events (value STRING) PARTITIONED BY (ds STRING)");
        CreateRoleRequest create = new CreateRoleRequest();
        create.setRoleName(ROLE);
        create.setAssumeRolePolicyDocument(AuthorizationCheckTest.TRUSTS_CONNECTOR);
        create.setSysEndpoint(ramSts.endpoint());
        create.setSysProtocol(ProtocolType.HTTP);
        new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "owner-ak", "owner-sk")).getAcsResponse(create);
    }

    @AfterEach
    void stop() {
        maxCompute.close();
        ramSts.close();
    }

    private RoleSessions sessions(String accessKeyId, Clock clock) {
        return new RoleSessions(new CloudIdentityProperties(accessKeyId, "connector-sk", stsEndpoint, stsEndpoint,
                "cn-hangzhou", "alikafka.aliyuncs.com", "connector.alikafka.aliyuncs.com",
                "AliyunServiceRoleForAlikafkaConnector"), clock);
    }

    @Test
    void aTrustedRoleGivesTemporaryCredentialsThatOpenTheGrantedProject() throws Exception {
        RoleSessions sessions = sessions("connector-ak", Clock.systemUTC());
        RoleSessions.Credentials credentials = sessions.credentials(new DestinationAuth.RamRole(ACCOUNT, ROLE, null, null));
        assertThat(credentials.securityToken()).isNotBlank();
        assertThat(credentials.accessKeyId()).isNotEqualTo("connector-ak");
        assertThat(credentials.expiration()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(credentials.toString()).doesNotContain(credentials.accessKeySecret()).doesNotContain(credentials.securityToken());

        String user = "`RAM$" + ACCOUNT + ":role/" + ROLE.toLowerCase() + "`";
        maxCompute.execute("add user " + user);
        maxCompute.execute("grant Describe on table t_events to user " + user);
        Odps odps = new Odps(new StsAccount(credentials.accessKeyId(), credentials.accessKeySecret(),
                credentials.securityToken()));
        odps.setEndpoint(maxCompute.endpoint());
        odps.setDefaultProject("sync_project");
        odps.tables().get("t_events").reload();
        assertThat(odps.tables().get("t_events").getSchema().getColumns()).hasSize(1);
    }

    @Test
    void credentialsAreReusedWhileFreshAndRenewedBeforeTheyExpire() {
        Instant[] now = {Instant.now()};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RoleSessions sessions = sessions("connector-ak", clock);
        DestinationAuth.RamRole role = new DestinationAuth.RamRole(ACCOUNT, ROLE, null, null);
        RoleSessions.Credentials first = sessions.credentials(role);
        now[0] = now[0].plus(Duration.ofMinutes(30));
        assertThat(sessions.credentials(role)).isSameAs(first);
        now[0] = now[0].plus(Duration.ofMinutes(20)); // 10 minutes left: renewed
        assertThat(sessions.credentials(role).securityToken()).isNotEqualTo(first.securityToken());
    }

    @Test
    void aRoleThatCannotBeAssumedIsNamedWithTheReason() {
        RoleSessions sessions = sessions("connector-ak", Clock.systemUTC());
        assertThatThrownBy(() -> sessions.credentials(new DestinationAuth.RamRole(ACCOUNT, "NoSuchRole", null, null)))
                .isInstanceOf(RoleSessions.RoleNotAssumable.class).hasMessageContaining("NoSuchRole")
                .hasMessageContaining("EntityNotExist.Role");
        RoleSessions withoutIdentity = sessions(null, Clock.systemUTC());
        assertThat(withoutIdentity.available()).isFalse();
        assertThatThrownBy(() -> withoutIdentity.credentials(new DestinationAuth.RamRole(ACCOUNT, ROLE, null, null)))
                .hasMessageContaining("connectors.cloud.access-key-id");
    }
}
