package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentialProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentials;
import com.alicloud.openservices.tablestore.core.auth.V4Credentials;
import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests that do not come from the SDK: the emulator must refuse them in Tablestore's error format. */
class RequestAuthenticationTest {
    static TablestoreEmulator emulator;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = TablestoreEmulator.builder().credential("ak", "sk").instance("inst").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Map<String, String> signedHeaders(byte[] body, Instant date) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-ots-date", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(date));
        headers.put("x-ots-apiversion", "2015-12-31");
        headers.put("x-ots-accesskeyid", "ak");
        headers.put("x-ots-instancename", "inst");
        headers.put("x-ots-contentmd5", OtsHttpHandler.md5(body));
        headers.put("x-ots-signature", Signatures.ofRequest("sk", "ListTable", "POST", headers));
        return headers;
    }

    private static HttpResponse<byte[]> post(Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/ListTable"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static OtsInternalApi.Error error(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("x-ots-requestid")).isPresent();
        return OtsInternalApi.Error.parseFrom(response.body());
    }

    @Test
    void acceptsACorrectlySignedRequest() throws Exception {
        byte[] body = OtsInternalApi.ListTableRequest.getDefaultInstance().toByteArray();
        HttpResponse<byte[]> response = post(signedHeaders(body, Instant.now()), body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("authorization")).hasValueSatisfying(
                value -> assertThat(value).startsWith("OTS ak:"));
    }

    @Test
    void refusesAMissingOrForgedSignature() throws Exception {
        byte[] body = new byte[0];
        Map<String, String> unsigned = signedHeaders(body, Instant.now());
        unsigned.remove("x-ots-signature");
        HttpResponse<byte[]> response = post(unsigned, body);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).getCode()).isEqualTo("OTSAuthFailed");

        Map<String, String> forged = signedHeaders(body, Instant.now());
        forged.put("x-ots-instancename", "inst2");
        assertThat(error(post(forged, body)).getMessage()).isEqualTo("Signature mismatch.");
    }

    @Test
    void refusesAStaleDateAndATamperedBody() throws Exception {
        byte[] body = new byte[0];
        HttpResponse<byte[]> stale = post(signedHeaders(body, Instant.now().minusSeconds(3600)), body);
        assertThat(error(stale).getCode()).isEqualTo("OTSAuthFailed");
        assertThat(error(stale).getMessage()).contains("x-ots-date");

        HttpResponse<byte[]> tampered = post(signedHeaders(body, Instant.now()), new byte[] {8, 1});
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(error(tampered).getCode()).isEqualTo("OTSParameterInvalid");
    }

    private static SyncClient v4Client(String secret) {
        return new SyncClient(emulator.endpoint(), new DefaultCredentialProvider(V4Credentials.createByServiceCredentials(
                new DefaultCredentials("ak", secret), "cn-hangzhou")), "inst", new ClientConfiguration(), null);
    }

    @Test
    void acceptsV4SignedSdkRequestsAndRefusesAWrongSecret() {
        SyncClient v4 = v4Client("sk");
        try {
            assertThat(v4.listTable().getTableNames()).isNotNull();
        } finally {
            v4.shutdown();
        }
        SyncClient wrong = v4Client("not-sk");
        try {
            assertThatThrownBy(wrong::listTable).isInstanceOfSatisfying(TableStoreException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo("OTSAuthFailed"));
        } finally {
            wrong.shutdown();
        }
    }
}
