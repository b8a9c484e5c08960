package com.connectorservice.controlplane.authorization;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.connectorservice.controlplane.destination.Destinations;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CloudIdentityProperties.class)
class AuthorizationConfiguration {

    @Bean
    AuthorizationCheck authorizationCheck(CloudIdentityProperties identity, Destinations destinations) {
        return new AuthorizationCheck(identity, destinations);
    }

    @Bean
    RoleSessions roleSessions(CloudIdentityProperties identity) {
        return new RoleSessions(identity, Clock.systemUTC());
    }
}
