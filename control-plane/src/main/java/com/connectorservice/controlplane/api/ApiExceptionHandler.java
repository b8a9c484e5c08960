package com.connectorservice.controlplane.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every error into problem+json carrying an {@code errors} list of {field, rule, message}. */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException e) {
        ProblemDetail problem = Problems.problem(e.status(), e.getMessage(), e.errors());
        if (!e.warnings().isEmpty()) {
            problem.setProperty("warnings", e.warnings());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        String message = e.getName() + " has an invalid value '" + e.getValue() + "'";
        return handleApi(ApiException.badRequest(e.getName(), e.getName() + ".invalid", message));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        log.error("Unexpected error", e);
        return handleApi(ApiException.of(HttpStatus.INTERNAL_SERVER_ERROR, null, "internal",
                "an unexpected error occurred; see the control plane log"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof StreamConstraintsException tooMuch) {
            boolean length = tooMuch.getMessage() != null && tooMuch.getMessage().contains("length");
            HttpStatus refused = length ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
            FieldViolation violation = new FieldViolation("body", length ? "body.size" : "body.structure", (length
                    ? "the request body exceeds " + StrictJson.MAX_BODY_BYTES + " bytes (or one of its texts does): "
                    : "the request body is nested too deeply: ") + tooMuch.getOriginalMessage());
            return ResponseEntity.status(refused).body(Problems.problem(refused, violation.message(), List.of(violation)));
        }
        FieldViolation violation = unreadable(e);
        return ResponseEntity.badRequest().body(Problems.problem(HttpStatus.BAD_REQUEST, violation.message(), List.of(violation)));
    }

    /** Every problem Spring MVC raises itself (404, 405, 415...) still gets an {@code errors} entry naming what was wrong. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatusAndDetail(status, e.getMessage());
        if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
            String rule = HttpStatus.valueOf(status.value()).name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setProperty("errors", List.of(new FieldViolation(fieldOf(e, status), rule, problem.getDetail())));
        }
        return super.handleExceptionInternal(e, problem, headers, status, request);
    }

    /** What a request-level error is about: a parameter, a header, the method or the path. */
    private static String fieldOf(Exception e, HttpStatusCode status) {
        if (e instanceof MissingServletRequestParameterException missing) {
            return missing.getParameterName();
        }
        if (e instanceof MissingRequestValueException || e instanceof ServletRequestBindingException) {
            return "query";
        }
        if (e instanceof HttpRequestMethodNotSupportedException) {
            return "method";
        }
        if (e instanceof HttpMediaTypeNotSupportedException) {
            return HttpHeaders.CONTENT_TYPE;
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return HttpHeaders.ACCEPT;
        }
        return ContainerErrors.violation(status.value(), e.getMessage()).field();
    }

    private static FieldViolation unreadable(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return new FieldViolation("body", "body.unreadable", "the request body is missing or is not valid JSON");
        }
        String field = path(jackson);
        String duplicate = duplicateKey(jackson);
        if (duplicate != null) {
            String duplicateField = field.isEmpty() ? duplicate : field + "." + duplicate;
            return new FieldViolation(duplicateField, rulePrefix(duplicateField) + "duplicate",
                    "'" + duplicate + "' is given twice; each field may appear once");
        }
        if (jackson instanceof InvalidFormatException text && String.class.equals(text.getTargetType()) && !field.isEmpty()) {
            return new FieldViolation(field, rulePrefix(field) + "characters", field + " " + text.getOriginalMessage()
                    + "; remove it");
        }
        if (jackson instanceof InvalidTypeIdException) {
            return new FieldViolation(field.isEmpty() ? "type" : field + ".type", rulePrefix(field) + "type.invalid",
                    "type is missing or not one of the allowed values: " + jackson.getOriginalMessage());
        }
        if (jackson instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            Object[] allowed = format.getTargetType().getEnumConstants();
            return new FieldViolation(field, rulePrefix(field) + "invalid", "'" + format.getValue()
                    + "' is not one of " + java.util.Arrays.toString(allowed));
        }
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return new FieldViolation(field, rulePrefix(field) + "unknown", "'" + unknown.getPropertyName()
                    + "' is not a field here; known fields: " + unknown.getKnownPropertyIds());
        }
        if (jackson instanceof MismatchedInputException && !field.isEmpty()) {
            return new FieldViolation(field, rulePrefix(field) + "type", field + " has the wrong JSON type");
        }
        return new FieldViolation(field.isEmpty() ? "body" : field, "body.unreadable",
                "the request body is not valid JSON: " + jackson.getOriginalMessage());
    }

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    /** The key a strict parser found twice (see {@link StrictJson}), or null. */
    private static String duplicateKey(JacksonException e) {
        if (!(e instanceof StreamReadException) || e.getOriginalMessage() == null) {
            return null;
        }
        Matcher matcher = DUPLICATE.matcher(e.getOriginalMessage());
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String rulePrefix(String field) {
        return field.isEmpty() ? "" : field.replaceAll("\\[\\d+]", "") + ".";
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
