package io.recall.examples.email.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DKIM signatures on outgoing e-mail (RFC 6376) with utils-mail-dkim: {@code rsa-sha256}, relaxed header and body
 * canonicalization. The signature covers the usual headers plus {@code List-Unsubscribe} and
 * {@code List-Unsubscribe-Post}, which mailbox providers require to be signed before they offer one-click
 * unsubscribe (RFC 8058). The signing domain defaults to the From address's, so the signature aligns with it for
 * DMARC. The key's DNS record is not looked up: publishing it is the sender's part.
 *
 * @param domain   the signing domain ({@code d=})
 * @param selector the selector ({@code s=}): the key's record is {@code <selector>._domainkey.<domain>}
 * @param key      the RSA private key
 */
public record Dkim(String domain, String selector, RSAPrivateKey key) {

    /** Validates the values. */
    public Dkim {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads the DKIM settings: {@code dkimSelector} and {@code dkimPrivateKeyFile} (a PEM file, PKCS#8
     * {@code BEGIN PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}) together, {@code dkimDomain} optional.
     *
     * @return nothing when neither is set
     * @throws IllegalArgumentException naming the setting that is missing or bad
     */
    static Optional<Dkim> from(Map<String, String> s, InternetAddress from) {
        String selector = s.get("dkimSelector");
        String keyFile = s.get("dkimPrivateKeyFile");
        if (selector == null && keyFile == null) {
            if (s.containsKey("dkimDomain")) {
                throw new IllegalArgumentException("setting 'dkimDomain' needs 'dkimSelector' and 'dkimPrivateKeyFile'");
            }
            return Optional.empty();
        }
        if (selector == null || keyFile == null) {
            throw new IllegalArgumentException("settings 'dkimSelector' and 'dkimPrivateKeyFile' go together; only "
                    + (selector == null ? "'dkimPrivateKeyFile'" : "'dkimSelector'") + " was given");
        }
        String domain = s.getOrDefault("dkimDomain", from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1));
        if (!domain.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException("setting 'dkimDomain' must be a domain name but was '" + domain + "'");
        }
        if (!selector.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
            throw new IllegalArgumentException("setting 'dkimSelector' must be a DNS label such as 's2026' but was '"
                    + selector + "'");
        }
        Dkim dkim = new Dkim(domain, selector, readKey(Path.of(keyFile)));
        try {
            // Signs a probe once, so that a key the library refuses fails here, not at each send.
            Session session = Session.getInstance(new java.util.Properties());
            MimeMessage probe = new MimeMessage(session);
            probe.setFrom(from);
            probe.setSubject("probe");
            probe.setText("probe");
            probe.saveChanges();
            dkim.sign(probe, session);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': cannot sign with the key in " + keyFile
                    + ": " + e.getMessage(), e);
        }
        return Optional.of(dkim);
    }

    private static RSAPrivateKey readKey(Path file) {
        Object pem;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
            pem = parser.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': cannot read " + file + ": " + e, e);
        }
        PrivateKey key;
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                key = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (pem instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': " + file + " holds no unencrypted PEM"
                        + " private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) but "
                        + (pem == null ? "nothing PEM" : pem.getClass().getSimpleName()));
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': " + file + ": " + e.getMessage(), e);
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': " + file + " holds a "
                    + key.getAlgorithm() + " key; DKIM signing here takes RSA (rsa-sha256)");
        }
        if (rsa.getModulus().bitLength() < 1024) {
            throw new IllegalArgumentException("setting 'dkimPrivateKeyFile': the RSA key in " + file + " has "
                    + rsa.getModulus().bitLength() + " bits; receivers ignore DKIM keys under 1024 (use 2048)");
        }
        return rsa;
    }

    /**
     * The message signed, as a new message whose headers start with the {@code DKIM-Signature}: signed now, so a
     * failure is known before any byte reaches the server. The message's own Message-ID is kept.
     */
    public MimeMessage sign(MimeMessage message, Session session) throws MessagingException, IOException {
        DkimSigner signer;
        try {
            signer = new DkimSigner(domain, selector, key);
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
        } catch (DkimException e) {
            throw new MessagingException("DKIM signer refused the settings: " + e.getMessage(), e);
        }
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        signer.setCheckDomainKey(false);
        signer.addHeaderToSign("List-Unsubscribe-Post");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new KeepingId(message, signer).writeTo(bytes);
        return new Signed(session, new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** The key is a secret: never printed. */
    @Override
    public String toString() {
        return "Dkim[domain=" + domain + ", selector=" + selector + ", key=***]";
    }

    /** The signed message as parsed back; it too keeps its Message-ID. */
    private static final class Signed extends MimeMessage {
        Signed(Session session, java.io.InputStream in) throws MessagingException {
            super(session, in);
        }

        @Override
        protected void updateMessageID() {
            // keep the parsed Message-ID
        }
    }

    /** A DKIM message that keeps the Message-ID it was given, where saving changes would make a random one. */
    private static final class KeepingId extends DkimMessage {
        KeepingId(MimeMessage message, DkimSigner signer) throws MessagingException {
            super(message, signer);
        }

        @Override
        protected void updateMessageID() {
            // the composed Message-ID is derived from the idempotency key: keep it
        }
    }
}
