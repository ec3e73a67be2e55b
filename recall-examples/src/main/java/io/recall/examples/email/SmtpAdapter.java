package io.recall.examples.email;

import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.examples.email.internal.BounceMailbox;
import io.recall.examples.email.internal.MimeComposer;
import io.recall.examples.email.internal.SocketRecorder;
import io.recall.examples.email.internal.SmtpConfig;
import io.recall.examples.email.internal.SmtpOutcomes;
import io.recall.examples.email.internal.TrackingSmtpTransport;
import io.recall.examples.email.internal.TrackingSmtpTransport.Stage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.MailSSLSocketFactory;

import javax.net.ssl.SSLSocketFactory;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends e-mail over SMTP with Angus Mail (Jakarta Mail), and reads bounces and complaints from a mailbox.
 *
 * <p>What it sends: {@code multipart/alternative} with the rendered {@code text} and {@code html} parts (text
 * only when there is no HTML), the {@code subject} in UTF-8 (RFC 2047 encoded when not ASCII), a
 * {@code Message-ID} derived from the idempotency key (a resend carries the same one; it is also the provider
 * id in {@link SendResult.Accepted} and in events), {@code List-Unsubscribe} with a {@code mailto:} and the
 * message's {@code https} unsubscribe link, and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}
 * (RFC 8058) when there is an https link. It renders locally with the context's renderer.
 *
 * <p>How it sends: one SMTP connection, kept open and reused by every send (sends take turns on it), opened
 * again when the server dropped it. A connection that turns out dead at {@code MAIL FROM} after sitting idle is
 * reopened within the same send: nothing of the message had left.
 *
 * <p>What an outcome becomes:
 * <table>
 *   <caption>SMTP outcomes</caption>
 *   <tr><th>outcome</th><th>result</th></tr>
 *   <tr><td>250 to the end of data</td><td>Accepted (provider id: the Message-ID)</td></tr>
 *   <tr><td>5xx to RCPT (550, 551, 553) or enhanced status 5.1.x / 5.2.1</td><td>Permanent, address suppressed</td></tr>
 *   <tr><td>other 5xx (554, 5.7.x policy or content, 552 size)</td><td>Permanent, address kept</td></tr>
 *   <tr><td>4xx (greylisting, throttling, 421 closing)</td><td>Retryable</td></tr>
 *   <tr><td>connection refused, TLS or login failure, timeout or drop before the end-of-data marker was
 *       written</td><td>Retryable: the server cannot deliver an incomplete message</td></tr>
 *   <tr><td>timeout or drop after the end-of-data marker was written</td><td>Unknown: the server may have
 *       accepted it (RFC 1047); the pipeline does not resend blindly, since SMTP servers do not
 *       deduplicate</td></tr>
 * </table>
 *
 * <p>Settings (from {@link AdapterContext#settings()}):
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>host</td><td>SMTP server</td><td>required</td></tr>
 *   <tr><td>security</td><td>{@code none}, {@code starttls} (required, never falls back) or {@code tls}</td><td>starttls</td></tr>
 *   <tr><td>port</td><td>server port</td><td>587, 465 for tls, 25 for none</td></tr>
 *   <tr><td>username, password</td><td>SMTP AUTH login</td><td>none</td></tr>
 *   <tr><td>trust</td><td>hosts whose certificates are trusted without a chain (test servers; {@code *} for all)</td><td>none</td></tr>
 *   <tr><td>from</td><td>From address, such as {@code Shop <news@shop.example>}</td><td>required</td></tr>
 *   <tr><td>replyTo</td><td>Reply-To address</td><td>none</td></tr>
 *   <tr><td>envelopeFrom</td><td>MAIL FROM, where bounces go</td><td>from</td></tr>
 *   <tr><td>messageIdDomain</td><td>right-hand side of Message-IDs, and the EHLO name</td><td>from's domain</td></tr>
 *   <tr><td>connectTimeoutMillis, readTimeoutMillis</td><td>per connect, per server reply</td><td>10000, 30000</td></tr>
 *   <tr><td>sendTimeoutMillis</td><td>the most one send takes in all, including its wait for the shared connection
 *       (a send that cannot get it in time is Retryable: nothing was sent); {@code maxSendDuration}</td><td>60000</td></tr>
 *   <tr><td>unsubscribeMailto</td><td>address for mailto unsubscribe requests</td><td>none</td></tr>
 *   <tr><td>unsubscribeUrlVariable</td><td>the message's link variable holding the one-click URL</td><td>unsubscribeUrl</td></tr>
 *   <tr><td>marketingRequiresUnsubscribe</td><td>refuse (Permanent) marketing e-mail with no unsubscribe method</td><td>true</td></tr>
 *   <tr><td>bounceMailbox</td><td>{@code imap[s]://user:password@host:port/INBOX} or {@code pop3[s]://...} to poll for
 *       reports ({@link BounceReports})</td><td>none</td></tr>
 *   <tr><td>bouncePollMillis</td><td>time between polls</td><td>60000</td></tr>
 *   <tr><td>dkimSelector, dkimPrivateKeyFile</td><td>DKIM-sign every message (rsa-sha256, relaxed/relaxed, the
 *       unsubscribe headers included) with the RSA key in this PEM file, published at
 *       {@code <selector>._domainkey.<domain>}</td><td>none: unsigned</td></tr>
 *   <tr><td>dkimDomain</td><td>the signing domain ({@code d=})</td><td>from's domain</td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class SmtpAdapter extends AbstractChannelAdapter {

    private final SmtpConfig config;
    private final Session session;
    private final MimeComposer composer;
    private final SocketRecorder sockets = new SocketRecorder();
    private final ScheduledExecutorService timer;
    private final Optional<ScheduledExecutorService> poller;
    private final Optional<BounceMailbox> bounces;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private TrackingSmtpTransport transport;   // guarded by lock
    private final Object sendGuard = new Object();
    private Object currentSend;   // guarded by sendGuard: the send whose deadline may close the socket

    private SmtpAdapter(SmtpConfig config, AdapterContext context) {
        super(Capabilities.of(Channel.EMAIL).withMaxSendDuration(config.sendTimeout().plusMillis(500)), context);
        this.config = config;
        this.session = Session.getInstance(properties(config, sockets));
        this.composer = new MimeComposer(session, config.from(), config.replyTo(), config.messageIdDomain(),
                config.unsubscribeMailto(), config.unsubscribeUrlVariable(), config.marketingRequiresUnsubscribe(),
                context.clock());
        this.timer = daemonScheduler("recall-smtp-deadline");
        this.bounces = config.bounces().map(url -> new BounceMailbox(url, config.readTimeout(),
                config.bouncePollInterval(), context.clock(), this::report));
        // Polls on a thread of their own, so a slow mailbox never delays a send's deadline.
        this.poller = bounces.map(b -> daemonScheduler("recall-smtp-bounces"));
        bounces.ifPresent(b -> b.start(poller.orElseThrow()));
    }

    /**
     * Creates an adapter from the context's settings. Opens no connection: the first send does.
     *
     * @param context settings (see the class javadoc), event listener, renderer and clock
     * @throws IllegalArgumentException naming a missing or bad setting
     */
    public static SmtpAdapter create(AdapterContext context) {
        return new SmtpAdapter(SmtpConfig.from(context.settings()), context);
    }

    /** How many SMTP connections this adapter has opened so far (one, while the server keeps it). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        RenderResult.Rendered content = outgoing.content().orElse(null);
        if (content == null) {
            return SendResult.permanent("nothing was rendered for the e-mail", false);
        }
        MimeMessage mime;
        InternetAddress[] to;
        try {
            mime = composer.compose(outgoing.message(), content);
            to = (InternetAddress[]) mime.getRecipients(jakarta.mail.Message.RecipientType.TO);
        } catch (MimeComposer.Unsendable e) {
            return SendResult.permanent(e.getMessage(), false);
        } catch (MessagingException | ClassCastException e) {
            return SendResult.permanent("cannot read the composed message's recipient: " + e, false);
        }
        if (config.dkim().isPresent()) {
            try {
                mime = config.dkim().get().sign(mime, session);
            } catch (MessagingException | java.io.IOException | RuntimeException e) {
                return SendResult.permanent("DKIM signing failed: " + e, false);
            }
        }
        String providerId = composer.providerId(outgoing.message());
        // The deadline covers the wait for the shared connection too: a send queued behind a slow one must still
        // end within maxSendDuration (else its lease can expire and the message go out twice).
        long deadlineNanos = System.nanoTime() + config.sendTimeout().toNanos();
        try {
            if (!lock.tryLock(config.sendTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return SendResult.retryable("connection busy: another send held it for the whole send timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retryable("interrupted while waiting for the connection; nothing was sent");
        }
        if (isClosed()) {
            lock.unlock();
            return SendResult.retryable("the adapter was closed before the message could be sent");
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            lock.unlock();
            return SendResult.retryable("connection busy: no time left to send; nothing was sent");
        }
        AtomicBoolean cutShort = new AtomicBoolean();
        // Angus Mail bounds each read but not a whole send; closing the socket at the deadline bounds it. The task
        // closes only while its own send is still running (checked under sendGuard), never the next send's socket.
        Object thisSend = new Object();
        synchronized (sendGuard) {
            currentSend = thisSend;
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            synchronized (sendGuard) {
                if (currentSend == thisSend) {
                    cutShort.set(true);
                    sockets.closeLast();
                }
            }
        }, remaining, TimeUnit.NANOSECONDS);
        try {
            for (int attempt = 0; ; attempt++) {
                boolean fresh = transport == null;
                try {
                    if (fresh) {
                        transport = connect();
                        if (cutShort.get()) {
                            // The deadline fired while connecting, perhaps before this socket existed to be closed:
                            // without this check the send would run on to the read timeout.
                            disconnect();
                            return SendResult.retryable("send timeout reached while connecting; nothing was sent");
                        }
                    }
                    transport.beginTransaction();
                    transport.sendMessage(mime, to);
                    return SendResult.accepted(providerId);
                } catch (MessagingException e) {
                    Stage stage = transport == null ? Stage.IDLE : transport.stage();
                    Optional<Integer> reply = SmtpOutcomes.replyCode(e);
                    if (reply.isEmpty() || reply.get() == 421) {
                        disconnect();   // no reply, or 421: the server closed (or will close) the channel
                    }
                    boolean staleReusedConnection = !fresh && attempt == 0 && reply.isEmpty()
                            && stage == Stage.ENVELOPE && !cutShort.get() && !SmtpOutcomes.timedOut(e);
                    if (staleReusedConnection) {
                        continue;
                    }
                    return SmtpOutcomes.classify(e, stage, cutShort.get());
                } catch (RuntimeException e) {
                    // Angus wraps most failures; anything else still must not escape as an exception (rule 3.8).
                    Stage stage = transport == null ? Stage.IDLE : transport.stage();
                    disconnect();
                    return stage == Stage.END_OF_DATA ? SendResult.unknown("smtp client failed after the end of data: " + e)
                            : SendResult.retryable("smtp client failed before the end of data: " + e);
                }
            }
        } finally {
            synchronized (sendGuard) {
                currentSend = null;   // a deadline task already running now sees the send is over
            }
            deadline.cancel(false);
            lock.unlock();
        }
    }

    private TrackingSmtpTransport connect() throws MessagingException {
        boolean ssl = config.security() == SmtpConfig.Security.TLS;
        TrackingSmtpTransport t = new TrackingSmtpTransport(session, new URLName(ssl ? "smtps" : "smtp",
                config.host(), config.port(), null, config.username().orElse(null), config.password().orElse(null)), ssl);
        t.connect(config.host(), config.port(), config.username().orElse(null), config.password().orElse(null));
        connectionsOpened.incrementAndGet();
        return t;
    }

    private void disconnect() {
        TrackingSmtpTransport t = transport;
        transport = null;
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException ignored) {
                // the connection is already gone or going; nothing to save
            }
        }
    }

    @Override
    protected void doClose() {
        bounces.ifPresent(BounceMailbox::stop);
        poller.ifPresent(ScheduledExecutorService::shutdownNow);
        if (!lock.tryLock()) {
            sockets.closeLast();   // a send stuck on the server gives up now rather than at its deadline
            lock.lock();
        }
        try {
            disconnect();   // QUIT, if the connection is still there
        } finally {
            lock.unlock();
            timer.shutdownNow();
        }
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static Properties properties(SmtpConfig c, SocketRecorder sockets) {
        String p = c.security() == SmtpConfig.Security.TLS ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", c.host());
        props.put(p + "port", String.valueOf(c.port()));
        props.put(p + "connectiontimeout", String.valueOf(c.connectTimeout().toMillis()));
        props.put(p + "timeout", String.valueOf(c.readTimeout().toMillis()));
        props.put(p + "from", c.envelopeFrom().orElse(c.from().getAddress()));
        props.put(p + "localhost", c.messageIdDomain());   // EHLO name; avoids a reverse DNS lookup per connect
        props.put(p + "auth", String.valueOf(c.username().isPresent()));
        props.put(p + "quitwait", "false");
        if (c.security() == SmtpConfig.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");   // never fall back to plain text
        }
        c.trust().ifPresent(hosts -> props.put(p + "ssl.trust", hosts));
        props.put(p + "ssl.checkserveridentity", String.valueOf(c.trust().isEmpty()));
        if (c.security() == SmtpConfig.Security.TLS) {
            props.put(p + "ssl.socketFactory", sockets.tls(sslFactory(c)));
        } else {
            props.put(p + "socketFactory", sockets.plain());
        }
        props.put(p + "socketFactory.fallback", "false");
        return props;
    }

    private static SSLSocketFactory sslFactory(SmtpConfig c) {
        if (c.trust().isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            MailSSLSocketFactory factory = new MailSSLSocketFactory();
            String hosts = c.trust().get();
            if (hosts.equals("*")) {
                factory.setTrustAllHosts(true);
            } else {
                factory.setTrustedHosts(hosts.split("\\s+"));
            }
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("setting 'trust': cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
