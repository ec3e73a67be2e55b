package io.recall.examples.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * GreenMail on loopback (SMTP, SMTPS and IMAP on free ports) with an {@link SmtpFaultProxy} in front of its SMTP
 * port, and a bounce mailbox the adapter can poll.
 */
final class LoopbackMail implements Closeable {

    static final String BOUNCES = "bounces@shop.test";
    static final String BOUNCES_LOGIN = "bounces";
    static final String BOUNCES_PASSWORD = "secret";

    private static LoopbackMail shared;

    final GreenMail greenMail;
    final SmtpFaultProxy proxy;

    /**
     * One set of servers for every e-mail test in the JVM (starting GreenMail, SMTPS above all, is the slow part),
     * stopped when the JVM exits. Tests keep apart by using recipients of their own.
     */
    static synchronized LoopbackMail shared() {
        if (shared == null) {
            shared = new LoopbackMail(true);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "loopback-mail-stop"));
        }
        return shared;
    }

    LoopbackMail() {
        this(false);
    }

    /** Starts the servers; SMTPS (TLS from the start, GreenMail's self-signed certificate) only if asked. */
    LoopbackMail(boolean withTls) {
        List<ServerSetup> wanted = new java.util.ArrayList<>(List.of(ServerSetupTest.SMTP.createCopy("127.0.0.1"),
                ServerSetupTest.IMAP.createCopy("127.0.0.1")));
        if (withTls) {
            wanted.add(ServerSetupTest.SMTPS.createCopy("127.0.0.1"));
        }
        ServerSetup[] setups = ServerSetup.dynamicPort(wanted.toArray(new ServerSetup[0]));
        for (ServerSetup setup : setups) {
            setup.setServerStartupTimeout(20_000);   // the machine may be busy; a slow start is not a failure
        }
        greenMail = new GreenMail(setups);
        greenMail.start();
        greenMail.setUser(BOUNCES, BOUNCES_LOGIN, BOUNCES_PASSWORD);
        try {
            proxy = new SmtpFaultProxy("127.0.0.1", greenMail.getSmtp().getPort());
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for an adapter talking plain SMTP to the proxy, with short timeouts. */
    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", String.valueOf(proxy.port()));
        s.put("security", "none");
        s.put("from", "Recall Shop <news@shop.test>");
        s.put("envelopeFrom", BOUNCES);
        s.put("connectTimeoutMillis", "2000");
        s.put("readTimeoutMillis", "1000");
        s.put("sendTimeoutMillis", "3000");
        return s;
    }

    /** {@link #settings()} plus polling the bounce mailbox over IMAP every 50 ms. */
    Map<String, String> settingsWithBounces() {
        Map<String, String> s = settings();
        s.put("bounceMailbox", "imap://" + BOUNCES_LOGIN + ":" + BOUNCES_PASSWORD + "@127.0.0.1:"
                + greenMail.getImap().getPort() + "/INBOX");
        s.put("bouncePollMillis", "50");
        return s;
    }

    /** Messages GreenMail delivered to {@code address}, in arrival order. */
    List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                return false;
            }
        }).collect(Collectors.toList());
    }

    /** Delivers a report (raw RFC 5322 text) to the bounce mailbox, directly to GreenMail's SMTP port. */
    void deliverReport(String raw) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        try {
            MimeMessage report = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            Transport.send(report, new jakarta.mail.Address[] {new jakarta.mail.internet.InternetAddress(BOUNCES)});
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message as it travelled: raw RFC 5322 text. */
    static String raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test resource as text, with {@code ${name}} placeholders filled in. */
    static String resource(String name, Map<String, String> values) {
        try (InputStream in = LoopbackMail.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            // Reports travel with CRLF line ends.
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        proxy.close();
        greenMail.stop();
    }
}
