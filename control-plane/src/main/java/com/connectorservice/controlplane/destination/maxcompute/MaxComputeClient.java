package com.connectorservice.controlplane.destination.maxcompute;

import com.aliyun.odps.Odps;
import com.aliyun.odps.account.Account;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.account.StsAccount;
import com.connectorservice.controlplane.authorization.RoleSessions;
import com.connectorservice.controlplane.connector.DestinationAuth;

/** The SDK client the control plane reads a destination with: short timeouts, no SDK retries (a user is waiting). */
final class MaxComputeClient {

    static final int CONNECT_TIMEOUT_SECONDS = 3;
    static final int READ_TIMEOUT_SECONDS = 10;

    private MaxComputeClient() {
    }

    static Odps odps(MaxComputeDestination destination, DestinationAuth.AccessKey key) {
        return odps(destination, new AliyunAccount(key.accessKeyId(), key.accessKeySecret()));
    }

    /** With a RAM role's STS credentials, as the connector's workers write. */
    static Odps odps(MaxComputeDestination destination, RoleSessions.Credentials role) {
        return odps(destination, new StsAccount(role.accessKeyId(), role.accessKeySecret(), role.securityToken()));
    }

    private static Odps odps(MaxComputeDestination destination, Account account) {
        Odps odps = new Odps(account);
        odps.setEndpoint(destination.endpoint());
        odps.setDefaultProject(destination.project());
        odps.getRestClient().setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        odps.getRestClient().setReadTimeout(READ_TIMEOUT_SECONDS);
        odps.getRestClient().setRetryTimes(0);
        return odps;
    }
}
