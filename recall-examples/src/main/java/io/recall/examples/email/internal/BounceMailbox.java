package io.recall.examples.email.internal;

import io.recall.channels.DeliveryEvent;
import io.recall.examples.email.BounceReports;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the mailbox that bounces and complaints come back to (the envelope sender's), over IMAP or POP3 with
 * Angus Mail, and hands each report's events on. A message that holds a report is deleted once its events
 * were handed on; any other message is left (flagged seen, so IMAP skips it next time; POP3 rereads it).
 * A poll that fails is logged and tried again at the next interval.
 */
public final class BounceMailbox {

    private static final System.Logger LOG = System.getLogger(BounceMailbox.class.getName());

    private final URLName url;
    private final Session session;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<DeliveryEvent> sink;
    private final java.util.concurrent.atomic.AtomicLong unhandled = new java.util.concurrent.atomic.AtomicLong();
    private ScheduledFuture<?> task;

    /**
     * Creates a poller; {@link #start} begins polling.
     *
     * @param url      {@code imap://user:password@host:port/INBOX}, {@code imaps://...} or {@code pop3://...}
     * @param timeout  connect and read timeout
     * @param interval time between polls
     * @param clock    the time of events whose report gives none
     * @param sink     receives the events
     */
    public BounceMailbox(URLName url, Duration timeout, Duration interval, Clock clock, Consumer<DeliveryEvent> sink) {
        this.url = Objects.requireNonNull(url, "url");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        Properties props = new Properties();
        String p = url.getProtocol();
        props.put("mail." + p + ".connectiontimeout", String.valueOf(timeout.toMillis()));
        props.put("mail." + p + ".timeout", String.valueOf(timeout.toMillis()));
        this.session = Session.getInstance(props);
    }

    /** Starts polling on {@code timer}, at once and then every interval. */
    public synchronized void start(ScheduledExecutorService timer) {
        if (task == null) {
            task = timer.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops polling; a poll under way finishes. */
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "bounce mailbox poll of " + url.getProtocol() + "://"
                    + url.getHost() + " failed; trying again in " + interval.toMillis() + " ms: " + e);
        }
    }

    /** How many times a message could not be handled (unreadable, or the sink threw); each is left in the mailbox. */
    public long unhandledMessages() {
        return unhandled.get();
    }

    /** Reads the mailbox once. */
    public void poll() throws MessagingException, IOException {
        Store store = session.getStore(url);
        store.connect();
        try {
            String name = url.getFile() == null || url.getFile().isEmpty() ? "INBOX" : url.getFile();
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_WRITE);
            try {
                boolean flags = folder.getPermanentFlags().contains(Flags.Flag.SEEN);
                Message[] messages = flags ? folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))
                        : folder.getMessages();
                for (Message message : messages) {
                    // Anyone can mail the bounce address: one message that cannot be read (or a sink that throws)
                    // must not stop the reports behind it. It stays in the mailbox, unflagged, for a person to look at.
                    List<DeliveryEvent> events;
                    try {
                        events = BounceReports.parse((MimeMessage) message, clock.instant());
                        events.forEach(sink);
                    } catch (MessagingException | IOException | RuntimeException e) {
                        unhandled.incrementAndGet();
                        LOG.log(System.Logger.Level.WARNING, () -> "bounce mailbox " + url.getProtocol() + "://"
                                + url.getHost() + ": message " + message.getMessageNumber()
                                + " could not be handled and stays in the mailbox: " + e);
                        continue;
                    }
                    if (!events.isEmpty()) {
                        message.setFlag(Flags.Flag.DELETED, true);
                    } else if (flags) {
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                }
            } finally {
                folder.close(true);   // expunges the reports handled
            }
        } finally {
            store.close();
        }
    }
}
