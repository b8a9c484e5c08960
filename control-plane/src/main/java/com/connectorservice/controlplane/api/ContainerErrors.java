package com.connectorservice.controlplane.api;

import java.util.Locale;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors raised outside Spring MVC still answer problem+json with a field: those Tomcat answers itself (an illegal
 * character in the request target, headers too large) through {@link ProblemReportValve} in place of its HTML error
 * page, and those dispatched to {@code /error} (the security firewall's rejections, a {@code sendError} anywhere)
 * through {@link ProblemErrorController} in place of Spring Boot's whitelabel JSON.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** The field a container-level error is about, from its status and the container's message. */
    static FieldViolation violation(int status, String message) {
        HttpStatus resolved = statusOf(status);
        String text = message == null || message.isBlank() ? resolved.getReasonPhrase() : message;
        String lower = text.toLowerCase(Locale.ROOT);
        String field = switch (resolved.value()) {
            case 405, 501 -> "method";
            case 406 -> "Accept";
            case 411, 413 -> "body";
            case 415 -> "Content-Type";
            case 431 -> "headers";
            default -> lower.contains("header") ? "headers" : lower.contains("method") ? "method" : "path";
        };
        String rule = resolved.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new FieldViolation(field, rule, text);
    }

    static HttpStatus statusOf(int code) {
        HttpStatus status = HttpStatus.resolve(code);
        return status == null ? HttpStatus.BAD_REQUEST : status;
    }
}
