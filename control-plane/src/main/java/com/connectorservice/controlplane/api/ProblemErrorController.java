package com.connectorservice.controlplane.api;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /error}: what the servlet container dispatches there after a {@code sendError} or an uncaught exception
 * outside the controllers (see {@link ContainerErrors}), answered as problem+json instead of Spring Boot's whitelabel.
 * Not an endpoint of the API, so not in its OpenAPI document.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : 404;
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String text ? text : null;
        if (status >= 500) {
            log.error("Error outside the controllers on {}", uri, exception instanceof Throwable t ? t : null);
            message = "an unexpected error occurred; see the control plane log";
        } else if (exception instanceof Throwable t && t.getMessage() != null) {
            message = t.getMessage();
        }
        FieldViolation violation = ContainerErrors.violation(status, message);
        ProblemDetail problem = Problems.problem(ContainerErrors.statusOf(status), violation.message(), List.of(violation));
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException e) {
                // a path that is not a valid URI is what the client got wrong; the problem does without it
            }
        }
        return ResponseEntity.status(ContainerErrors.statusOf(status)).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
