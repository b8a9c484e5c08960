package com.connectorservice.agent;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the agent from environment variables ({@link AgentConfig}). Stopping the agent (SIGTERM) leaves the
 * Connect workers running, so an agent upgrade or crash does not stop data; the next agent adopts them.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // its distribution also holds Logback, for the workers it starts; the agent itself logs plainly
        System.getProperties().putIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("connector agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = new Agent(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        stopped.await();
    }
}
