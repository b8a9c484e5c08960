package com.connectorservice.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpaRouteForwardingTest {

    @Test
    void consoleRoutesGoToIndexButApiFilesAndOtherMethodsPass() {
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/connectors/orders")).isTrue();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/connectors")).isTrue();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/index.html")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/assets/app-1a2b.js")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/favicon.ico")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/api/v1/unknown")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/actuator/health")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/v3/api-docs")).isFalse();
        assertThat(SpaRouteForwarding.isConsoleRoute("GET", "/apiary")).isTrue();
        assertThat(SpaRouteForwarding.isConsoleRoute("POST", "/connectors/orders")).isFalse();
    }
}
