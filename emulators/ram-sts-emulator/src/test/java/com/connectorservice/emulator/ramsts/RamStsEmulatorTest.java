package com.connectorservice.emulator.ramsts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.CreateRoleRequest;
import com.aliyuncs.ram.model.v20150501.GetRoleRequest;
import com.aliyuncs.ram.model.v20150501.GetRoleResponse;
import com.aliyuncs.ram.model.v20150501.ListRolesRequest;
import com.aliyuncs.ram.model.v20150501.ListRolesResponse;
import com.aliyuncs.ram.model.v20150501.UpdateRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;

/** The unmodified aliyun-java-sdk-ram / -sts against the emulator. */
class RamStsEmulatorTest {
    static final String ACCOUNT = "1880000000000000";
    static final String TRUSTS_CONNECTOR = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"alikafka.aliyuncs.com\"]}}],\"Version\":\"1\"}";
    static final String TRUSTS_ACCOUNT = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"RAM\":[\"acs:ram::" + ACCOUNT + ":root\"]}}],\"Version\":\"1\"}";

    @TempDir
    Path data;
    RamStsEmulator emulator;

    @BeforeEach
    void start() {
        emulator = start(null);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private RamStsEmulator start(Duration maxLifetime) {
        return RamStsEmulator.builder().port(0).dataDirectory(data).account(ACCOUNT, "local-ak", "local-sk")
                .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk")
                .maxCredentialLifetime(maxLifetime).start();
    }

    private <T extends AcsResponse> T call(String ak, String sk, AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(emulator.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", ak, sk)).getAcsResponse(request);
    }

    private void createRole(String name, String policy) throws ClientException {
        CreateRoleRequest create = new CreateRoleRequest();
        create.setRoleName(name);
        create.setAssumeRolePolicyDocument(policy);
        call("local-ak", "local-sk", create);
    }

    private AssumeRoleResponse assume(String roleName) throws ClientException {
        AssumeRoleRequest assume = new AssumeRoleRequest();
        assume.setRoleArn("acs:ram::" + ACCOUNT + ":role/" + roleName);
        assume.setRoleSessionName("connector-test");
        assume.setDurationSeconds(3600L);
        return call("connector-ak", "connector-sk", assume);
    }

    @Test
    void theConnectorServiceAssumesARoleThatTrustsIt() throws Exception {
        createRole("AliyunKafkaMaxComputeUser1", TRUSTS_CONNECTOR);

        GetRoleRequest get = new GetRoleRequest();
        get.setRoleName("aliyunkafkamaxcomputeuser1");
        GetRoleResponse.Role role = call("local-ak", "local-sk", get).getRole();
        assertThat(role.getArn()).isEqualTo("acs:ram::" + ACCOUNT + ":role/aliyunkafkamaxcomputeuser1");
        assertThat(role.getAssumeRolePolicyDocument()).isEqualTo(TRUSTS_CONNECTOR);
        ListRolesResponse list = call("local-ak", "local-sk", new ListRolesRequest());
        assertThat(list.getRoles()).extracting(ListRolesResponse.Role::getRoleName)
                .containsExactly("AliyunKafkaMaxComputeUser1");

        AssumeRoleResponse.Credentials credentials = assume("AliyunKafkaMaxComputeUser1").getCredentials();
        assertThat(credentials.getAccessKeyId()).startsWith("STS.");
        Instant expiration = Instant.parse(credentials.getExpiration());
        assertThat(expiration).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3601));
        StsTokens.TemporaryIdentity identity = new StsTokens(emulator.stsSigningKey())
                .verify(credentials.getAccessKeyId(), credentials.getSecurityToken());
        assertThat(identity.maxComputeUser()).isEqualTo("RAM$" + ACCOUNT + ":role/aliyunkafkamaxcomputeuser1");
        assertThat(new StsTokens(emulator.stsSigningKey()).secretOf(credentials.getAccessKeyId()))
                .isEqualTo(credentials.getAccessKeySecret());
    }

    @Test
    void aTrustPolicyWithoutTheServiceIsRefusedUntilUpdated() throws Exception {
        createRole("only-account", TRUSTS_ACCOUNT);

        assertThatThrownBy(() -> assume("only-account")).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.getErrCode()).isEqualTo("NoPermission");
            assertThat(e.getErrMsg()).contains("AssumeRolePolicyDocument").contains("alikafka.aliyuncs.com");
        });

        UpdateRoleRequest update = new UpdateRoleRequest();
        update.setRoleName("only-account");
        update.setNewAssumeRolePolicyDocument(TRUSTS_CONNECTOR);
        call("local-ak", "local-sk", update);
        assertThat(assume("only-account").getCredentials().getSecurityToken()).isNotEmpty();
    }

    @Test
    void errorsCarryTheServicesCodes() throws Exception {
        createRole("Existing", TRUSTS_CONNECTOR);
        assertThatThrownBy(() -> createRole("EXISTING", TRUSTS_CONNECTOR))
                .hasFieldOrPropertyWithValue("errCode", "EntityAlreadyExists.Role");
        assertThatThrownBy(() -> assume("missing"))
                .hasFieldOrPropertyWithValue("errCode", "EntityNotExist.Role");
        assertThatThrownBy(() -> createRole("bad policy", TRUSTS_CONNECTOR))
                .hasFieldOrPropertyWithValue("errCode", "InvalidParameter.RoleName");
        assertThatThrownBy(() -> createRole("malformed", "{\"Statement\": 1}"))
                .hasFieldOrPropertyWithValue("errCode", "MalformedPolicyDocument");
        assertThatThrownBy(() -> call("nobody", "x", new ListRolesRequest()))
                .hasFieldOrPropertyWithValue("errCode", "InvalidAccessKeyId.NotFound");
        // the SDK recognises its own string to sign in SignatureDoesNotMatch and reports a wrong secret
        assertThatThrownBy(() -> call("local-ak", "wrong", new ListRolesRequest()))
                .hasFieldOrPropertyWithValue("errCode", "SDK.InvalidAccessKeySecret");
    }

    @Test
    void serviceLinkedRoleIsCreatedOnceAndSurvivesARestart() throws Exception {
        CommonResponse created = serviceLinkedRole();
        assertThat(created.getData()).contains("AliyunServiceRoleForAlikafkaConnector")
                .contains("acs:ram::" + ACCOUNT + ":role/aliyun-service-role/aliyunserviceroleforalikafkaconnector");
        assertThatThrownBy(this::serviceLinkedRole).hasFieldOrPropertyWithValue("errCode", "EntityAlreadyExists.Role");

        emulator.close();
        emulator = start(null);
        GetRoleRequest get = new GetRoleRequest();
        get.setRoleName("AliyunServiceRoleForAlikafkaConnector");
        assertThat(call("local-ak", "local-sk", get).getRole().getAssumeRolePolicyDocument())
                .contains("connector.alikafka.aliyuncs.com");
    }

    private CommonResponse serviceLinkedRole() throws ClientException {
        CommonRequest request = new CommonRequest();
        request.setSysDomain(emulator.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        request.setSysVersion("2015-05-01");
        request.setSysAction("CreateServiceLinkedRole");
        request.putQueryParameter("ServiceName", "connector.alikafka.aliyuncs.com");
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "local-ak", "local-sk"))
                .getCommonResponse(request);
    }

    @Test
    void aShortLifetimeCapsTheRequestedDuration() throws Exception {
        emulator.close();
        emulator = start(Duration.ofSeconds(5));
        createRole("short", TRUSTS_CONNECTOR);
        Instant expiration = Instant.parse(assume("short").getCredentials().getExpiration());
        assertThat(expiration).isBefore(Instant.now().plusSeconds(6));
    }
}
