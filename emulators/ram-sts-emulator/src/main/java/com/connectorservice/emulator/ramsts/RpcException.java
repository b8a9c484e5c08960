package com.connectorservice.emulator.ramsts;

/** An error answered as the RPC services do: an HTTP status and {@code {RequestId, HostId, Code, Message}}. */
final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    RpcException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static RpcException invalidParameter(String parameter, String message) {
        return new RpcException(400, "InvalidParameter." + parameter, message);
    }

    static RpcException missing(String parameter) {
        return new RpcException(400, "MissingParameter", "The input parameter \"" + parameter
                + "\" that is mandatory for processing this request is not supplied.");
    }

    static RpcException roleNotFound(String roleName) {
        return new RpcException(404, "EntityNotExist.Role", "The role not exists: " + roleName + ".");
    }
}
