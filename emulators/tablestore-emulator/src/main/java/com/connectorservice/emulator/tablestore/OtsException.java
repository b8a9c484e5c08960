package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;

/** An error answered in Tablestore's own format: an HTTP status plus a protobuf {@code Error} with code and message. */
final class OtsException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    OtsException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    static OtsException parameterInvalid(String message) {
        return new OtsException("OTSParameterInvalid", 400, message);
    }

    static OtsException objectNotExist(String message) {
        return new OtsException("OTSObjectNotExist", 404, message);
    }

    static OtsException tableNotExist() {
        return objectNotExist("Requested table does not exist.");
    }

    static OtsException objectAlreadyExist(String message) {
        return new OtsException("OTSObjectAlreadyExist", 409, message);
    }

    static OtsException conditionCheckFail() {
        return new OtsException("OTSConditionCheckFail", 403, "Condition check failed.");
    }

    static OtsException authFailed(String message) {
        return new OtsException("OTSAuthFailed", 403, message);
    }

    static OtsException unsupported(String message) {
        return new OtsException("OTSUnsupportOperation", 400, message);
    }

    static OtsException internal(String message) {
        return new OtsException("OTSInternalServerError", 500, message);
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    OtsInternalApi.Error toError() {
        return OtsInternalApi.Error.newBuilder().setCode(code).setMessage(getMessage()).build();
    }
}
