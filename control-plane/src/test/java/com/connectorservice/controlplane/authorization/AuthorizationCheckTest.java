package com.connectorservice.controlplane.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import com.connectorservice.controlplane.destination.AllDestinations;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.CreateRoleRequest;
import com.aliyuncs.ram.model.v20150501.UpdateRoleRequest;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.destination.maxcompute.MaxComputeDestination;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.emulator.ramsts.RamStsEmulator;

/** The check with the real RAM/STS SDKs against the RAM/STS emulator. */
class AuthorizationCheckTest {
    static final String ACCOUNT = "1880000000000000";
    static final String TRUSTS_MAXCOMPUTE = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"odps.aliyuncs.com\"]}}],\"Version\":\"1\"}";
    static final String TRUSTS_CONNECTOR = TRUSTS_MAXCOMPUTE.replace("odps.aliyuncs.com", "alikafka.aliyuncs.com");

    RamStsEmulator ramSts;
    AuthorizationCheck check;

    @BeforeEach
    void start() {
        ramSts = RamStsEmulator.builder().port(0).account(ACCOUNT, "owner-ak", "owner-sk")
                .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk").start();
        String endpoint = "http://" + ramSts.endpoint();
        check = new AuthorizationCheck(new CloudIdentityProperties("connector-ak", "connector-sk", endpoint, endpoint,
                "cn-hangzhou", "alikafka.aliyuncs.com", "connector.alikafka.aliyuncs.com",
                "AliyunServiceRoleForAlikafkaConnector"), AllDestinations.registry());
    }

    @AfterEach
    void stop() {
        ramSts.close();
    }

    private static ConnectorDefinition maxCompute(String roleName) {
        return maxCompute(roleName, "http://service.cn-hangzhou.maxcompute.aliyun.com/api");
    }

    private static ConnectorDefinition maxCompute(String roleName, String endpoint) {
        return new ConnectorDefinition("kafka-maxcompute-sink", null, null, new MaxComputeDestination(endpoint, null, "connector_test", null, "test_kafka",
                "cn-hangzhou", new DestinationAuth.RamRole(ACCOUNT, roleName, null, null), null, null, null, null, null,
                null, null, null), null, null).withDefaults();
    }

    private void createRole(String name, String policy) throws Exception {
        CreateRoleRequest create = new CreateRoleRequest();
        create.setRoleName(name);
        create.setAssumeRolePolicyDocument(policy);
        owner(create);
    }

    private void owner(com.aliyuncs.AcsRequest<?> request) throws Exception {
        request.setSysEndpoint(ramSts.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "owner-ak", "owner-sk")).getAcsResponse(request);
    }

    @Test
    void aRoleThatTrustsTheServiceIsOkAndTheGrantsAreReadyToCopy() throws Exception {
        createRole("AliyunKafkaMaxComputeUser1", TRUSTS_CONNECTOR);
        AuthorizationCheckResponse answer = check.check(maxCompute("AliyunKafkaMaxComputeUser1"));
        assertThat(answer.ok()).isTrue();
        assertThat(answer.problems()).isEmpty();
        assertThat(answer.grantStatements()).containsExactly(
                "add user `RAM$" + ACCOUNT + ":role/aliyunkafkamaxcomputeuser1`;",
                "grant CreateInstance on project connector_test to user `RAM$" + ACCOUNT
                        + ":role/aliyunkafkamaxcomputeuser1`;",
                "grant Describe, Alter, Update on table test_kafka to user `RAM$" + ACCOUNT
                        + ":role/aliyunkafkamaxcomputeuser1`;");
    }

    @Test
    void aWrongTrustPolicyIsNamedWithThePolicyToSet() throws Exception {
        createRole("AliyunKafkaMaxComputeUser1", TRUSTS_MAXCOMPUTE);
        AuthorizationCheckResponse answer = check.check(maxCompute("AliyunKafkaMaxComputeUser1"));
        assertThat(answer.ok()).isFalse();
        assertThat(answer.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("destination.auth.roleName");
            assertThat(problem.rule()).isEqualTo("destination.auth.roleName.trustPolicy");
            assertThat(problem.message()).contains("trust policy (AssumeRolePolicyDocument)")
                    .contains("\"Service\":[\"alikafka.aliyuncs.com\"]");
        });
        assertThat(answer.grantStatements()).hasSize(3);

        UpdateRoleRequest update = new UpdateRoleRequest();
        update.setRoleName("AliyunKafkaMaxComputeUser1");
        update.setNewAssumeRolePolicyDocument(TRUSTS_CONNECTOR);
        owner(update);
        assertThat(check.check(maxCompute("AliyunKafkaMaxComputeUser1")).ok()).isTrue();
    }

    @Test
    void aMissingRoleIsNamed() {
        assertThat(check.check(maxCompute("NoSuchRole")).problems()).extracting(FieldViolation::rule)
                .containsExactly("destination.auth.roleName.notFound");
    }

    @Test
    void aRoleWithoutTheGrantsIsToldTheStatementsUntilTheOwnerRunsThem(@TempDir Path data) throws Exception {
        createRole("AliyunKafkaMaxComputeUser1", TRUSTS_CONNECTOR);
        try (MaxComputeEmulator maxCompute = MaxComputeEmulator.builder().port(0).dataDirectory(data)
                .credential("owner-ak", "owner-sk").project("connector_test").start()) {
            maxCompute.execute("connector_test", "CREATE TABLE test_kafka(topic STRING, value STRING)"
                    + " PARTITIONED BY (pt STRING);");
            ConnectorDefinition definition = maxCompute("AliyunKafkaMaxComputeUser1", maxCompute.endpoint());
            AuthorizationCheckResponse missing = check.check(definition);
            assertThat(missing.ok()).isFalse();
            assertThat(missing.trustPolicy()).contains("\"Service\":[\"alikafka.aliyuncs.com\"]");
            assertThat(missing.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("destination.auth.roleName");
                assertThat(problem.rule()).isEqualTo("destination.auth.roleName.grants");
                assertThat(problem.message()).contains("table test_kafka of project connector_test");
                assertThat(problem.fix()).isEqualTo(String.join("\n", missing.grantStatements()));
            });

            missing.grantStatements().forEach(statement -> maxCompute.execute("connector_test", statement));
            AuthorizationCheckResponse granted = check.check(definition);
            assertThat(granted.problems()).isEmpty();
            assertThat(granted.ok()).isTrue();
        }
    }

    @Test
    void tablestoreReportsTheMissingServiceLinkedRoleAndCreatesItWhenAsked() {
        ConnectorDefinition tablestore = new ConnectorDefinition("kafka-ots-sink", null, null,
                new TablestoreDestination("https://inst.cn-hangzhou.ots.aliyuncs.com", "inst", null, null, "t", null,
                        null, null, null, null, null, null, null, null), null, null).withDefaults();
        AuthorizationCheckResponse first = check.check(tablestore);
        assertThat(first.ok()).isFalse();
        assertThat(first.problems()).extracting(FieldViolation::rule)
                .containsExactly("destination.serviceLinkedRole.missing");
        assertThat(first.actionsTaken()).isEmpty();

        AuthorizationCheckResponse created = check.createServiceLinkedRole();
        assertThat(created.ok()).isTrue();
        assertThat(created.actionsTaken()).singleElement().asString()
                .contains("created the service-linked role AliyunServiceRoleForAlikafkaConnector");
        assertThat(check.createServiceLinkedRole().actionsTaken()).isEmpty();
        AuthorizationCheckResponse second = check.check(tablestore);
        assertThat(second.ok()).isTrue();
        assertThat(second.actionsTaken()).isEmpty();
    }

    @Test
    void creatingATablestoreConnectorCreatesTheMissingServiceLinkedRoleOnce() {
        ConnectorDefinition tablestore = new ConnectorDefinition("kafka-ots-sink", null, null,
                new TablestoreDestination("https://inst.cn-hangzhou.ots.aliyuncs.com", "inst", null, null, "t", null,
                        null, null, null, null, null, null, null, null), null, null).withDefaults();
        check.ensureServiceLinkedRole(); // what ConnectorService.create calls for a Tablestore destination (seed 003)
        assertThat(check.check(tablestore).ok()).isTrue();
        check.ensureServiceLinkedRole();
        assertThat(check.createServiceLinkedRole().actionsTaken()).isEmpty();

        AuthorizationCheck unconfigured = new AuthorizationCheck(new CloudIdentityProperties(null, null, "x", "x",
                "cn-hangzhou", "alikafka.aliyuncs.com", "s", "r"), AllDestinations.registry());
        unconfigured.ensureServiceLinkedRole(); // no identity: nothing to create it with, and no failure
    }

    @Test
    void withoutTheServicesIdentityTheCheckSaysWhatToConfigure() {
        AuthorizationCheck unconfigured = new AuthorizationCheck(new CloudIdentityProperties(null, null, "x", "x",
                "cn-hangzhou", "alikafka.aliyuncs.com", "s", "r"), AllDestinations.registry());
        assertThat(unconfigured.check(maxCompute("r")).problems()).extracting(FieldViolation::rule)
                .containsExactly("cloud.identity.missing");
    }
}
