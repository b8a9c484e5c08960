package com.connectorservice.controlplane.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before anything parses them, requests whose query or path cannot be read as text (broken %-encoding, bytes
 * that are not UTF-8, control characters such as NUL) and bodies that are not JSON (a wildcard, a form, multipart).
 * Left to Tomcat and the message converters, these surface as exceptions that say nothing of the field (or as 500s).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedRequestFilter extends OncePerRequestFilter {

    /** Tomcat's own limit; a query with more parameters would be cut short silently. */
    static final int MAX_PARAMETERS = 1000;

    private final JsonMapper json;

    MalformedRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FieldViolation violation = checkPath(request.getRequestURI());
        if (violation == null) {
            violation = checkQuery(request.getQueryString());
        }
        if (violation == null) {
            violation = checkContentType(request);
        }
        if (violation != null) {
            HttpStatus status = violation.field().equals(HttpHeaders.CONTENT_TYPE) ? HttpStatus.UNSUPPORTED_MEDIA_TYPE
                    : HttpStatus.BAD_REQUEST;
            Problems.write(json, request, response, status, violation);
            return;
        }
        chain.doFilter(request, response);
    }

    static FieldViolation checkPath(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        String decoded = decode(rawPath, false);
        if (decoded == null || hasControlCharacter(decoded)) {
            return new FieldViolation("path", "path.encoding", "the request path must be %-encoded UTF-8 text without"
                    + " control characters");
        }
        return null;
    }

    static FieldViolation checkQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        String[] pairs = rawQuery.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            return new FieldViolation("query", "query.size", "a query may have at most " + MAX_PARAMETERS + " parameters, got "
                    + pairs.length);
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name = decode(rawName, true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            String field = name == null || hasControlCharacter(name) ? "query" : name;
            if (name == null || value == null) {
                return new FieldViolation(field, "query.encoding", "query parameter " + (field.equals("query") ? "" : "'"
                        + field + "' ") + "is not valid %-encoded UTF-8 (each % must be followed by two hex digits)");
            }
            if (hasControlCharacter(name) || hasControlCharacter(value)) {
                return new FieldViolation(field, field + ".characters", "query parameter " + (field.equals("query") ? ""
                        : "'" + field + "' ") + "must not contain control characters such as NUL");
            }
        }
        return null;
    }

    private static FieldViolation checkContentType(HttpServletRequest request) {
        String contentType = request.getContentType();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (contentType == null || !hasBody) {
            return null;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return new FieldViolation(HttpHeaders.CONTENT_TYPE, "contentType.concrete", "Content-Type must name the"
                        + " body's type, e.g. application/json, not '" + contentType + "'");
            }
            // every body the API reads is JSON; a form or multipart body would be parsed by the container first
            if (!MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.getSubtype().endsWith("+json")) {
                return new FieldViolation(HttpHeaders.CONTENT_TYPE, "contentType.json", "request bodies are JSON:"
                        + " Content-Type must be application/json, not '" + contentType + "'");
            }
            return null;
        } catch (InvalidMediaTypeException e) {
            return new FieldViolation(HttpHeaders.CONTENT_TYPE, "contentType.invalid", "Content-Type '" + contentType
                    + "' is not a media type: " + e.getMessage());
        }
    }

    /** Strict %-decoding as UTF-8; {@code plusIsSpace} for query strings. Answers null when the text is malformed. */
    static String decode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int plain = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%' && !(c == '+' && plusIsSpace)) {
                continue;
            }
            bytes.writeBytes(raw.substring(plain, i).getBytes(StandardCharsets.UTF_8));
            if (c == '+') {
                bytes.write(' ');
                plain = i + 1;
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return null;
            }
            bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
            i += 2;
            plain = i + 1;
        }
        bytes.writeBytes(raw.substring(plain).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
