package com.connectorservice.dense;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dense Connect worker: one JVM hosting one {@code DistributedHerder} per connector, the way MirrorMaker 2 runs
 * several herders in one JVM, with the plugins loaded once. The agent starts it with a properties file holding the
 * JVM-level settings: {@code listeners} (the control channel, {@link DenseProtocol}), {@code rest.advertised.host.name}
 * (which the herders' REST servers advertise), {@code plugin.path}, {@code plugin.discovery} and the channel's token.
 */
public final class DenseWorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(DenseWorkerMain.class);

    private DenseWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DenseWorkerMain <dense-worker.properties>");
            System.exit(2);
        }
        long startedAt = System.nanoTime();
        Map<String, String> settings = Utils.propsToStringMap(Utils.loadProps(args[0]));
        URI listener = URI.create(settings.get("listeners"));
        String advertisedHost = settings.getOrDefault("rest.advertised.host.name", listener.getHost());
        String token = settings.get(DenseProtocol.TOKEN_SETTING);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(DenseProtocol.TOKEN_SETTING + " is required");
        }

        Plugins plugins = new Plugins(settings);
        plugins.compareAndSwapWithDelegatingLoader();
        HerderHost host = new HerderHost(plugins, hostOf(listener), advertisedHost,
                java.nio.file.Path.of(args[0]).toAbsolutePath().getParent());
        // Connect ends the JVM when a herder thread dies; here that would take every neighbour down with it.
        Exit.setExitProcedure(host::exitRequested);
        Exit.setHaltProcedure(host::exitRequested);
        DenseControlServer server = new DenseControlServer(new InetSocketAddress(hostOf(listener), listener.getPort()),
                token, host);
        server.start();
        host.restore();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM (the agent removing the JVM): every herder leaves its group cleanly, as ConnectDistributed does.
            server.stop();
            host.stopAll();
        }, "dense-shutdown"));
        LOG.info("dense worker ready on {} in {} ms (plugins from {})", listener,
                (System.nanoTime() - startedAt) / 1_000_000, settings.get("plugin.path"));
    }

    private static String hostOf(URI listener) {
        String host = listener.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
