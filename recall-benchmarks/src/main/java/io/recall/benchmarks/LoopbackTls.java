package io.recall.benchmarks;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for {@code localhost} and {@code 127.0.0.1} (EC P-256), made with the JDK's
 * {@code keytool} in a temporary directory when a benchmark starts: the adapters' own test certificate is a test
 * resource of recall-examples, which the shaded benchmark jar cannot see as a file. {@link #serverKeyStore()} holds
 * the key, {@link #trustStore()} only the certificate (the adapters' {@code trustStore} setting), both PKCS12 with
 * password {@value #PASSWORD}.
 */
final class LoopbackTls implements AutoCloseable {

    static final String PASSWORD = "changeit";

    private final Path dir;
    private final Path serverKeyStore;
    private final Path trustStore;

    private LoopbackTls(Path dir) {
        this.dir = dir;
        this.serverKeyStore = dir.resolve("server.p12");
        this.trustStore = dir.resolve("trust.p12");
    }

    static LoopbackTls create() throws IOException, GeneralSecurityException, InterruptedException {
        LoopbackTls tls = new LoopbackTls(Files.createTempDirectory("recall-bench-tls"));
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-keystore", tls.serverKeyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool -genkeypair failed; a JDK with keytool is needed for TLS benchmarks");
        }
        KeyStore server = tls.load(tls.serverKeyStore);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.getCertificate("server"));
        try (OutputStream out = Files.newOutputStream(tls.trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return tls;
    }

    private KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    Path serverKeyStore() {
        return serverKeyStore;
    }

    Path trustStore() {
        return trustStore;
    }

    /** A TLS context serving the certificate (for {@code com.sun.net.httpserver.HttpsServer}). */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(serverKeyStore), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A TLS context trusting exactly the certificate, for the naive baselines' own clients. */
    SSLContext clientContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(serverKeyStore);
        Files.deleteIfExists(trustStore);
        Files.deleteIfExists(dir);
    }
}
