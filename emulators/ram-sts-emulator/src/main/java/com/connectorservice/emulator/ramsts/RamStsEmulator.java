package com.connectorservice.emulator.ramsts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.connectorservice.emulator.ramsts.RpcHandler.Identity;
import com.connectorservice.emulator.ramsts.TrustPolicy.Caller;
import com.connectorservice.emulator.common.DataDirectory;
import com.connectorservice.emulator.common.EmulatorHttpServer;

/**
 * A local RAM and STS: the role actions of RAM and STS AssumeRole on one JDK HTTP server, against which the
 * unmodified aliyun-java-sdk-ram / -sts (on aliyun-java-sdk-core) work. Roles persist in the data directory.
 * Temporary credentials are sealed with {@link #stsSigningKey()}; the MaxCompute and Tablestore emulators given the
 * same key accept them until they expire (see {@link StsTokens}).
 *
 * <pre>{@code
 * RamStsEmulator sts = RamStsEmulator.builder().port(0).dataDirectory(dir)
 *         .account("1880000000000000", "local-ak", "local-sk")
 *         .service("alikafka.aliyuncs.com", "connector-ak", "connector-sk").start();
 * request.setSysEndpoint(sts.endpoint()); request.setSysProtocol(ProtocolType.HTTP);
 * }</pre>
 */
public final class RamStsEmulator implements AutoCloseable {

    private final EmulatorHttpServer server;
    private final DataDirectory data;
    private final String signingKey;

    private RamStsEmulator(Builder builder) {
        if (builder.accounts.isEmpty()) {
            throw new IllegalStateException("configure at least one account(accountId, accessKeyId, secret)");
        }
        this.signingKey = builder.signingKey;
        Map<String, Identity> identities = new LinkedHashMap<>(builder.accounts);
        String firstAccount = builder.accounts.values().iterator().next().caller().accountId();
        builder.services.forEach((accessKeyId, service) -> identities.put(accessKeyId,
                new Identity(new Caller(firstAccount, service.principals()), service.secret())));
        this.data = DataDirectory.open(builder.dataDirectory, "RAM/STS emulator");
        try {
            RamStsApi api = new RamStsApi(new Roles(data.path()), new StsTokens(signingKey), builder.serviceLinkedRoles,
                    builder.maxCredentialLifetime);
            this.server = EmulatorHttpServer.start("ram-sts-emulator", builder.host, builder.port, 4,
                    new RpcHandler(identities, api));
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
    }

    /** {@code host:port}, for {@code request.setSysEndpoint(...)} of RAM and STS requests (HTTP). */
    public String endpoint() {
        return server.url().substring("http://".length());
    }

    /** The key temporary credentials are sealed with; give it to the emulators that must accept them. */
    public String stsSigningKey() {
        return signingKey;
    }

    @Override
    public void close() {
        server.close();
        data.close();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private String signingKey = StsTokens.DEFAULT_SIGNING_KEY;
        private Duration maxCredentialLifetime;
        private final Map<String, Identity> accounts = new LinkedHashMap<>();
        private final Map<String, ServiceKey> services = new LinkedHashMap<>();
        private final Map<String, String> serviceLinkedRoles = new LinkedHashMap<>(Map.of(
                "connector.alikafka.aliyuncs.com", "AliyunServiceRoleForAlikafkaConnector"));

        private Builder() {
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Where roles persist; without it, a temporary directory deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** An account and its owner's AccessKey pair (principal {@code acs:ram::<accountId>:root}). */
        public Builder account(String accountId, String accessKeyId, String accessKeySecret) {
            accounts.put(accessKeyId, new Identity(new Caller(accountId, java.util.Set.of()), accessKeySecret));
            return this;
        }

        /**
         * A cloud service's AccessKey pair, e.g. the connector service as {@code alikafka.aliyuncs.com}: it may assume
         * the roles whose trust policy names the service, and manages roles of the first account. The same key given
         * again with another principal acts under both names (e.g. also {@code connector.alikafka.aliyuncs.com}, which
         * its service-linked role trusts).
         */
        public Builder service(String principal, String accessKeyId, String accessKeySecret) {
            ServiceKey key = services.computeIfAbsent(accessKeyId, id -> new ServiceKey(new java.util.TreeSet<>(),
                    accessKeySecret));
            key.principals().add(principal.toLowerCase(Locale.ROOT));
            return this;
        }

        /** One AccessKey of a service, acting under one or more service names (call service(...) per name). */
        private record ServiceKey(java.util.Set<String> principals, String secret) {
        }

        /** A service whose CreateServiceLinkedRole makes the named role. */
        public Builder serviceLinkedRole(String serviceName, String roleName) {
            serviceLinkedRoles.put(serviceName.toLowerCase(Locale.ROOT), roleName);
            return this;
        }

        /** Seals temporary credentials; default {@link StsTokens#DEFAULT_SIGNING_KEY}. */
        public Builder stsSigningKey(String key) {
            this.signingKey = key;
            return this;
        }

        /** Caps every credential's lifetime below the requested DurationSeconds, to test expiry quickly. */
        public Builder maxCredentialLifetime(Duration lifetime) {
            this.maxCredentialLifetime = lifetime;
            return this;
        }

        public RamStsEmulator start() {
            return new RamStsEmulator(this);
        }
    }
}
