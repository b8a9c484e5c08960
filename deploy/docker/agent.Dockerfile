# Worker agent with Kafka Connect (lib/) and both sink plugins (plugins/). Build context: the repository root,
# after ./mvnw install -DskipTests:
#   docker build -f deploy/docker/agent.Dockerfile -t connector-service/agent:0.1.0 .
# Required at run time: CONNECTORS_CONTROL_PLANE_URL, CONNECTORS_AGENT_TOKEN, CONNECTORS_AGENT_ID (stable per host).
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
# tini as PID 1 reaps the Connect worker JVMs the agent starts and forwards SIGTERM to the agent.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/connector-agent connectors \
    && mkdir -p /var/lib/connector-agent && chown 10001 /var/lib/connector-agent
COPY worker-runtime/agent/target/lib/ /opt/connector-agent/lib/
COPY worker-runtime/agent/target/agent-${VERSION}.jar /opt/connector-agent/agent.jar
COPY worker-runtime/maxcompute-sink/target/maxcompute-sink-${VERSION}-plugin/maxcompute-sink/ /opt/connector-agent/plugins/maxcompute-sink/
COPY worker-runtime/tablestore-sink/target/tablestore-sink-plugin/tablestore-sink/ /opt/connector-agent/plugins/tablestore-sink/
USER 10001
ENV CONNECTORS_AGENT_DATA_DIR=/var/lib/connector-agent \
    CONNECTORS_AGENT_SECRETS_DIR=/var/lib/connector-agent/secrets \
    CONNECTORS_AGENT_PLUGIN_PATH=/opt/connector-agent/plugins
VOLUME /var/lib/connector-agent
# JVM flags on the command line, not in JAVA_TOOL_OPTIONS, which the Connect workers would inherit.
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/connector-agent/agent.jar"]
