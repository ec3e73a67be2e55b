package io.recall.examples.sms;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * A self-signed test certificate for {@code localhost} and {@code 127.0.0.1} (EC P-256, valid to 2036), committed as
 * test resources so no test spends seconds in {@code keytool}: {@code server.p12} holds the key, {@code trust.p12}
 * only the certificate, both PKCS12 with password {@value #PASSWORD}. Made with:
 * <pre>
 * keytool -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname CN=localhost \
 *     -ext SAN=dns:localhost,ip:127.0.0.1 -validity 3650 -keystore server.p12 -storetype PKCS12 \
 *     -storepass changeit -keypass changeit
 * keytool -exportcert -alias server -keystore server.p12 -storepass changeit -file server.cer
 * keytool -importcert -noprompt -alias server -file server.cer -keystore trust.p12 -storetype PKCS12 -storepass changeit
 * </pre>
 */
public final class TestTls {

    public static final String PASSWORD = "changeit";
    private static final TestTls INSTANCE = new TestTls();

    private final Path keyStore = resource("server.p12");
    private final Path trustStore = resource("trust.p12");

    private TestTls() {
    }

    /** The test certificate. */
    public static TestTls get() {
        return INSTANCE;
    }

    private static Path resource(String name) {
        try {
            return Path.of(TestTls.class.getResource("/io/recall/examples/tls/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource io/recall/examples/tls/" + name + " is missing", e);
        }
    }

    /** The server's key store. */
    public Path keyStore() {
        return keyStore;
    }

    /** A trust store holding only the server's certificate. */
    public Path trustStore() {
        return trustStore;
    }

    private static final java.util.Set<java.net.http.HttpClient.Version> WARM = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Makes one HTTPS request to {@code uri} with generous timeouts, once per JVM and HTTP version. The first TLS handshake in a JVM
     * loads and compiles the crypto providers, which on a loaded machine takes seconds; the adapters' short timeouts
     * are about the provider, not that.
     */
    public static void warmUp(java.net.URI uri, java.net.http.HttpClient.Version version) {
        if (WARM.contains(version)) {
            return;
        }
        try {
            javax.net.ssl.SSLContext trusting = SSLContext.getInstance("TLS");
            KeyStore ts = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(INSTANCE.trustStore)) {
                ts.load(in, PASSWORD.toCharArray());
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            trusting.init(null, tmf.getTrustManagers(), null);
            java.net.http.HttpClient.newBuilder().sslContext(trusting).version(version).build()
                    .send(java.net.http.HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(60)).GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            WARM.add(version);
        } catch (Exception e) {
            throw new IllegalStateException("warm-up request to " + uri + " failed", e);
        }
    }

    /** A TLS context serving the certificate. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the test key store", e);
        }
    }
}
