# Control plane (REST API, console, scheduler). Build context: the repository root, after ./mvnw install -DskipTests:
#   docker build -f deploy/docker/control-plane.Dockerfile -t connector-service/control-plane:0.1.0 .
# Production configuration is environment only (see docs/operations.md): SPRING_DATASOURCE_URL/USERNAME/PASSWORD,
# CONNECTORS_ADMIN_TOKEN, CONNECTORS_AGENT_TOKEN, CONNECTORS_SECRETS_KEYFILE (or CONNECTORS_SECRETS_KEY).
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
RUN useradd --system --uid 10001 --home-dir /opt/control-plane connectors
WORKDIR /opt/control-plane
COPY control-plane/target/control-plane-${VERSION}.jar /opt/control-plane/control-plane.jar
USER 10001
ENV SERVER_PORT=8080 \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/control-plane/control-plane.jar"]
