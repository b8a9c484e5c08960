package com.connectorservice.controlplane.console;

import java.io.IOException;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console is a single-page app: a browser that reloads {@code /connectors/x} must get {@code index.html},
 * whose script then shows that route. API, actuator, OpenAPI paths and files (a last segment with a dot) pass.
 */
@Component
class SpaRouteForwarding extends OncePerRequestFilter {

    private static final List<String> SERVER_PREFIXES = List.of("/api", "/actuator", "/v3", "/swagger-ui", "/error");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isConsoleRoute(request)) {
            request.getRequestDispatcher("/index.html").forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isConsoleRoute(String method, String path) {
        if (!"GET".equals(method) || path.isEmpty() || "/".equals(path)) {
            return false;
        }
        for (String prefix : SERVER_PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        return !lastSegment.contains(".");
    }

    private static boolean isConsoleRoute(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return isConsoleRoute(request.getMethod(), path);
    }
}
