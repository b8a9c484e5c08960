package com.connectorservice.controlplane.authorization;

import java.time.Duration;
import java.util.Optional;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.GetRoleRequest;
import com.aliyuncs.ram.model.v20150501.GetRoleResponse;
import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;

/** RAM and STS as the connector service sees them, through aliyun-java-sdk-ram / -sts with its own AccessKey. */
final class CloudRoles implements AutoCloseable {

    private final CloudIdentityProperties identity;
    private final DefaultAcsClient client;

    CloudRoles(CloudIdentityProperties identity) {
        this.identity = identity;
        this.client = new DefaultAcsClient(DefaultProfile.getProfile(identity.regionId(), identity.accessKeyId(),
                identity.accessKeySecret()));
    }

    /** Assumes the role once, for a short session, to prove the role exists and trusts the service. */
    AssumeRoleResponse.Credentials assumeRole(String accountId, String roleName) throws ClientException {
        return assumeRole(accountId, roleName, "authorization-check", Duration.ofMinutes(15), identity.stsEndpoint());
    }

    AssumeRoleResponse.Credentials assumeRole(String accountId, String roleName, String sessionName, Duration duration,
            String stsEndpoint) throws ClientException {
        AssumeRoleRequest request = new AssumeRoleRequest();
        request.setRoleArn("acs:ram::" + accountId + ":role/" + roleName);
        request.setRoleSessionName(sessionName);
        request.setDurationSeconds(duration.toSeconds());
        return call(request, stsEndpoint).getCredentials();
    }

    Optional<GetRoleResponse.Role> role(String roleName) throws ClientException {
        GetRoleRequest request = new GetRoleRequest();
        request.setRoleName(roleName);
        try {
            return Optional.of(call(request, identity.ramEndpoint()).getRole());
        } catch (ClientException e) {
            if ("EntityNotExist.Role".equals(e.getErrCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** CreateServiceLinkedRole is not in the RAM SDK's typed requests; it is sent as a signed CommonRequest. */
    void createServiceLinkedRole(String serviceName) throws ClientException {
        CommonRequest request = new CommonRequest();
        request.setSysDomain(host(identity.ramEndpoint()));
        request.setSysProtocol(protocol(identity.ramEndpoint()));
        request.setSysMethod(MethodType.POST);
        request.setSysVersion("2015-05-01");
        request.setSysAction("CreateServiceLinkedRole");
        request.putQueryParameter("ServiceName", serviceName);
        client.getCommonResponse(request);
    }

    private <T extends AcsResponse> T call(AcsRequest<T> request, String endpoint) throws ClientException {
        request.setSysEndpoint(host(endpoint));
        request.setSysProtocol(protocol(endpoint));
        return client.getAcsResponse(request);
    }

    private static String host(String endpoint) {
        return endpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
    }

    private static ProtocolType protocol(String endpoint) {
        return endpoint.startsWith("http://") ? ProtocolType.HTTP : ProtocolType.HTTPS;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
