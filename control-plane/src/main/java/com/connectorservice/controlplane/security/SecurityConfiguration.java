package com.connectorservice.controlplane.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import com.connectorservice.controlplane.api.FieldViolation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health, the OpenAPI document and the console's static files are open; the API needs a bearer token.
 * Reads need any role, changes need ADMIN, token management is ADMIN-only. {@code /actuator/prometheus} is a read:
 * ADMIN or VIEWER (a scraper gets a VIEWER token of its own); AGENT tokens reach the agent API only. Other actuator
 * endpoints are closed. A refusal says which token would do.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TokenService tokens, JsonMapper json) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/error").permitAll()
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole(TokenRole.ADMIN.name())
                        .requestMatchers("/api/v1/agents/**").hasRole(TokenRole.AGENT.name())
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(TokenRole.ADMIN.name(), TokenRole.VIEWER.name())
                        .requestMatchers("/api/**").hasRole(TokenRole.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, PROMETHEUS).hasAnyRole(TokenRole.ADMIN.name(), TokenRole.VIEWER.name())
                        .requestMatchers("/actuator/**").denyAll()
                        // the web console's static files; the data they show comes from /api with a token
                        .requestMatchers(HttpMethod.GET, "/**").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> writeProblem(json, request, response,
                                HttpStatus.UNAUTHORIZED, "token.missing",
                                "a valid bearer token is required: Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, e) -> writeProblem(json, request, response,
                                HttpStatus.FORBIDDEN, "token.role", refusal(request))));
        return http.build();
    }

    private static final String PROMETHEUS = "/actuator/prometheus";

    /** Why a token with a valid role was refused, and which token would do. */
    private static String refusal(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
        if (path.equals(PROMETHEUS)) {
            return read ? "the metrics need an ADMIN or VIEWER token (issue the scraper a VIEWER token)"
                    : "the metrics are read-only: use GET";
        }
        if (path.startsWith("/actuator/")) {
            return "this actuator endpoint is closed; /actuator/health is open and /actuator/prometheus takes an"
                    + " ADMIN or VIEWER token";
        }
        if (path.startsWith("/api/v1/agents/")) {
            return "the agent API needs the AGENT token issued for that agent";
        }
        if (path.startsWith("/api/v1/tokens")) {
            return "token management needs an ADMIN token";
        }
        return read ? "reads need an ADMIN or VIEWER token; AGENT tokens reach only the agent API"
                : "changes need an ADMIN token";
    }

    private static void writeProblem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String rule, String message) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", message);
        problem.put("instance", request.getRequestURI());
        problem.put("errors", List.of(new FieldViolation("Authorization", rule, message)));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), problem);
    }
}
