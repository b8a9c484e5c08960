package com.connectorservice.emulator.maxcompute.auth;

/**
 * Who signed a request: an account owner (one of the emulator's configured AccessKey pairs, with every right) or a
 * RAM role through STS temporary credentials ({@code RAM$<accountId>:role/<rolename>}), whose rights come from the
 * project's {@code add user} and {@code grant} statements.
 */
public record Principal(String user, boolean owner) {

    public static final Principal OWNER = new Principal("ALIYUN$emulator", true);

    public static Principal role(String user) {
        return new Principal(user, false);
    }
}
