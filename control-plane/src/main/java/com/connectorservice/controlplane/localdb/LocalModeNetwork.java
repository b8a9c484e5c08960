package com.connectorservice.controlplane.localdb;

import java.net.InetAddress;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Local mode is a developer's machine: the control plane answers on loopback only, like everything else the
 * local stack starts, unless {@code server.address} asks for another interface (e.g. {@code 0.0.0.0}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalModeCondition.class)
class LocalModeNetwork {

    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> loopbackUnlessAsked(Environment environment) {
        return factory -> {
            if (!environment.containsProperty("server.address")) {
                factory.setAddress(InetAddress.getLoopbackAddress());
            }
        };
    }
}
