package com.connectorservice.controlplane.authorization;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;

/**
 * The connector service's own cloud identity: the AccessKey it calls RAM and STS with (the identity users' roles
 * trust as {@code servicePrincipal}), the endpoints, and the service whose service-linked role Tablestore connectors
 * use. Endpoints are {@code host[:port]} with an optional {@code http://} or {@code https://} (default https).
 */
@ConfigurationProperties("connectors.cloud")
public record CloudIdentityProperties(String accessKeyId, String accessKeySecret,
        @DefaultValue("https://ram.aliyuncs.com") String ramEndpoint,
        @DefaultValue("https://sts.aliyuncs.com") String stsEndpoint,
        @DefaultValue("cn-hangzhou") String regionId,
        @DefaultValue("alikafka.aliyuncs.com") String servicePrincipal,
        @DefaultValue("connector.alikafka.aliyuncs.com") String serviceLinkedRoleService,
        @DefaultValue("AliyunServiceRoleForAlikafkaConnector") String serviceLinkedRoleName) {

    /** The identity as the Connect config mapping uses it: the caller that assumes users' RAM roles. */
    public ConnectConfigMapper.ServiceIdentity serviceIdentity() {
        return new ConnectConfigMapper.ServiceIdentity(accessKeyId, accessKeySecret, stsEndpoint, regionId);
    }

    boolean configured() {
        return accessKeyId != null && !accessKeyId.isBlank() && accessKeySecret != null && !accessKeySecret.isBlank();
    }

    @Override
    public String toString() {
        return "CloudIdentityProperties[accessKeyId=" + accessKeyId + ", ramEndpoint=" + ramEndpoint
                + ", stsEndpoint=" + stsEndpoint + ", regionId=" + regionId + ", servicePrincipal=" + servicePrincipal
                + "]";
    }
}
