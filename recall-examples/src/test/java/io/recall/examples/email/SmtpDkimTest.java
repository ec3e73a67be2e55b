package io.recall.examples.email;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.channels.Variable;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DKIM signatures of the SMTP adapter, sent through GreenMail on loopback and verified as a receiving server
 * would, with Apache James jDKIM given the public key a DNS record would publish.
 */
class SmtpDkimTest {

    private static final LoopbackMail mail = LoopbackMail.shared();
    private static final KeyPair KEYS = rsa(2048);

    @TempDir
    Path dir;

    /** Sends one marketing message to {@code to} through an adapter with these settings on top of the loopback's. */
    private static SendResult send(Map<String, String> extra, String to) {
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(extra);
        try (SmtpAdapter adapter = create(settings)) {
            return adapter.send(marketing(to));
        }
    }

    private static SmtpAdapter create(Map<String, String> settings) {
        // Trailing blanks and empty lines: relaxed body canonicalization must agree on them at both ends.
        return SmtpAdapter.create(AdapterContext.defaults()
                .withRenderer(m -> RenderResult.of(Map.of("subject", "Wir vermissen Sie, 王先生",
                        "text", "Hallo,\r\n\r\n  50 % Rabatt bis Sonntag.   \r\n\r\n\r\n", "html", "<p>Hallo</p>")))
                .withClock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC)).withSettings(settings));
    }

    private static IllegalArgumentException refused(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(extra);
        return assertThrows(IllegalArgumentException.class, () -> create(settings).close());
    }

    private Map<String, String> signing(String pemKind) throws IOException {
        Path key = dir.resolve("dkim-" + pemKind + ".pem");
        Files.writeString(key, pemKind.equals("pkcs8") ? pkcs8Pem(KEYS) : pkcs1Pem(KEYS), StandardCharsets.US_ASCII);
        return Map.of("dkimSelector", "s2026", "dkimPrivateKeyFile", key.toString());
    }

    private static Message marketing(String to) {
        return Message.newBuilder().id("m-" + to).idempotencyKey("winback/" + to).recipient(new Address.Email(to))
                .templateId("winback").locale(Locale.GERMAN).purpose(Purpose.MARKETING)
                .variable("unsubscribeUrl", new Variable.Link(URI.create("https://shop.test/u/" + to.hashCode())))
                .build();
    }

    private static String received(String to) throws Exception {
        List<MimeMessage> got = mail.receivedBy(to);
        assertEquals(1, got.size(), "messages delivered to " + to);
        return LoopbackMail.raw(got.get(0));
    }

    /** Verifies as a receiver would, the selector's DNS record holding our public key. */
    private static List<SignatureRecord> verify(String raw) throws IOException, FailException {
        return verify(raw, KEYS);
    }

    private static List<SignatureRecord> verify(String raw, KeyPair published) throws IOException, FailException {
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(published.getPublic().getEncoded());
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertEquals("s2026", selector.toString());
            return List.of(record);
        });
        return verifier.verify(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs8", "pkcs1"})
    void aSignedMessageVerifiesWithTheUnsubscribeHeadersAndMessageIdCovered(String pemKind) throws Exception {
        String to = "dkim-" + pemKind + "@example.test";
        SendResult result = send(signing(pemKind), to);
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, result);
        String raw = received(to);
        List<SignatureRecord> valid = verify(raw);
        assertEquals(1, valid.size(), raw);
        SignatureRecord signature = valid.get(0);
        assertEquals("shop.test", signature.getDToken().toString());
        List<String> signed = signature.getHeaders().stream().map(h -> h.toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.toList());
        assertTrue(signed.containsAll(List.of("from", "to", "subject", "date", "message-id", "list-unsubscribe",
                "list-unsubscribe-post")), signed.toString());
        // The signed message keeps the Message-ID the adapter reports as the provider id.
        assertTrue(raw.contains("Message-ID: <" + accepted.providerId() + ">"), raw);
    }

    @Test
    void aMessageChangedOnTheWayOrCheckedAgainstAnotherKeyFailsVerification() throws Exception {
        String to = "dkim-tampered@example.test";
        send(signing("pkcs8"), to);
        String raw = received(to);
        assertEquals(1, verify(raw).size());
        String tampered = raw.replace("Hallo", "Hello");
        assertTrue(!tampered.equals(raw));
        assertThrows(FailException.class, () -> verify(tampered));
        assertThrows(FailException.class, () -> verify(raw, rsa(2048)), "another key's record");
    }

    @Test
    void theSigningDomainCanBeSetApartFromTheFromAddress() throws Exception {
        String to = "dkim-domain@example.test";
        Map<String, String> settings = new HashMap<>(signing("pkcs8"));
        settings.put("dkimDomain", "mail.shop.test");
        send(settings, to);
        assertEquals("mail.shop.test", verify(received(to)).get(0).getDToken().toString());
    }

    @Test
    void withoutDkimSettingsNothingIsSigned() throws Exception {
        String to = "dkim-none@example.test";
        send(Map.of(), to);
        assertTrue(!received(to).contains("DKIM-Signature"));
    }

    @Test
    void badDkimSettingsFailAtCreationNamingTheSetting() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, pkcs8Pem(KEYS));
        assertEquals("settings 'dkimSelector' and 'dkimPrivateKeyFile' go together; only 'dkimSelector' was given",
                refused(Map.of("dkimSelector", "s1")).getMessage());
        assertTrue(refused(Map.of("dkimSelector", "s 1", "dkimPrivateKeyFile", key.toString())).getMessage()
                .startsWith("setting 'dkimSelector' must be a DNS label"));
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello\n");
        assertTrue(refused(Map.of("dkimSelector", "s1", "dkimPrivateKeyFile", notAKey.toString())).getMessage()
                .contains("holds no unencrypted PEM private key"));
        Path small = dir.resolve("small.pem");
        Files.writeString(small, pkcs8Pem(rsa(512)));
        assertTrue(refused(Map.of("dkimSelector", "s1", "dkimPrivateKeyFile", small.toString())).getMessage()
                .contains("has 512 bits"));
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The traditional OpenSSL form (BEGIN RSA PRIVATE KEY), as {@code openssl genrsa} wrote it for years. */
    private static String pkcs1Pem(KeyPair keys) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(keys);
        }
        assertTrue(out.toString().startsWith("-----BEGIN RSA PRIVATE KEY-----"), out.toString());
        return out.toString();
    }
}
