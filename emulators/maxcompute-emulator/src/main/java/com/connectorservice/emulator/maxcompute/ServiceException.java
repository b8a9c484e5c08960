package com.connectorservice.emulator.maxcompute;

/**
 * An error answered to the client with the HTTP status and error code the real service uses, so the SDK
 * raises the same exception types (NoSuchObjectException on 404, TunnelException with the code, ...).
 */
public class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ServiceException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ServiceException badRequest(String code, String message) {
        return new ServiceException(400, code, message);
    }

    public static ServiceException notFound(String code, String message) {
        return new ServiceException(404, code, message);
    }

    public static ServiceException conflict(String code, String message) {
        return new ServiceException(409, code, message);
    }
}
