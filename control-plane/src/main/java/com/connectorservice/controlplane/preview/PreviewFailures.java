package com.connectorservice.controlplane.preview;

import org.springframework.http.HttpStatus;

import com.connectorservice.controlplane.api.ApiException;

/** The few ways a destination read fails, as the user should read them; never with a credential in the text. */
public final class PreviewFailures {

    private PreviewFailures() {
    }

    public static ApiException tableMissing(String field, String message) {
        return ApiException.notFound(field, "preview.table.exists", message);
    }

    public static ApiException authRefused(String service, String detail) {
        return ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination.auth", "preview.auth.refused",
                service + " refused the connector's credentials: " + detail);
    }

    public static ApiException unreachable(String service, String endpoint, String detail) {
        return ApiException.of(HttpStatus.BAD_GATEWAY, "destination.endpoint", "preview.endpoint.unreachable",
                service + " at " + endpoint + " did not answer: " + detail);
    }
}
