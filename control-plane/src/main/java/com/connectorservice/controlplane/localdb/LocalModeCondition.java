package com.connectorservice.controlplane.localdb;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Local mode is on unless a datasource URL is configured or {@code connectors.embedded-postgres.enabled=false}. */
class LocalModeCondition implements Condition {

    static boolean isLocal(Environment environment) {
        return environment.getProperty("connectors.embedded-postgres.enabled", Boolean.class, true)
                && !environment.containsProperty("spring.datasource.url");
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isLocal(context.getEnvironment());
    }
}
