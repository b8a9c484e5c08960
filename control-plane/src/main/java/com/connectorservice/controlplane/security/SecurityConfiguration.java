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
 * Reads need any role, changes need ADMIN, token management is ADMIN-only. Other actuator endpoints are closed.
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
                        .requestMatchers("/actuator/**").denyAll()
                        // the web console's static files; the data they show comes from /api with a token
                        .requestMatchers(HttpMethod.GET, "/**").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> writeProblem(json, request, response,
                                HttpStatus.UNAUTHORIZED, "token.missing",
                                "a valid bearer token is required: Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, e) -> writeProblem(json, request, response,
                                HttpStatus.FORBIDDEN, "token.role", "this token's role may not do this; changes need an ADMIN token")));
        return http.build();
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
