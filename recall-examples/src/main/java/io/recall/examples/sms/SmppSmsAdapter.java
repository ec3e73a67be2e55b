package io.recall.examples.sms;

import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.examples.sms.internal.Keywords;
import io.recall.examples.sms.internal.Segmenter;
import io.recall.examples.sms.internal.Settings;
import io.recall.examples.sms.internal.SmppStatus;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Sends SMS through an SMSC over SMPP 3.4 (jSMPP), on one transceiver bind reused by every send, and turns
 * what the SMSC sends back (delivery receipts, replies) into delivery events.
 *
 * <p><b>Settings</b> ({@link AdapterContext#settings()}): {@code host}, {@code port}, {@code systemId},
 * {@code sourceAddress} (a number, or an alphanumeric sender id) are required; {@code password},
 * {@code systemType}, {@code bindTimeoutMillis} (5000), {@code responseTimeoutMillis} (10000: how long a
 * {@code submit_sm} waits for its response), {@code throttleBackoffMillis} (1000), {@code maxParts} (10),
 * {@code enquireLinkMillis} (30000), {@code helpText}, {@code optOutConfirmationText},
 * {@code defaultCountryCode} (none; e.g. {@code 86}), {@code nationalPrefix} ({@code 0}) and
 * {@code receiptHoldMillis} (60000) are optional.
 *
 * <p><b>Time.</b> One send never outlasts its declared {@link Capabilities#maxSendDuration()}, twice the bind
 * timeout (connect, then bind) plus the response timeout per allowed part: it runs against one deadline that
 * covers waiting for a bind another thread is making, connecting, binding and every part's response. A send
 * that cannot get the bind within its budget is Retryable (nothing was sent).
 *
 * <p><b>Text.</b> The message is rendered locally; its {@code text} part is sent in GSM-7 when every character
 * is in the GSM alphabet, else in UCS-2, cut into concatenated parts with a UDH when too long (see
 * {@link SmsLength}). Each part is one {@code submit_sm} with a delivery receipt requested; the send's provider id
 * is the first part's message id.
 *
 * <p><b>Results.</b> Throttling ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}) is Retryable after
 * {@code throttleBackoffMillis}; a bad destination is Permanent and suppressed; a missing response is Unknown (the
 * SMSC may have taken it); no bind is Retryable. When a later part of a long text fails after earlier parts were
 * taken, the result is Unknown: the recipient may hold a fragment, so a blind resend would repeat it.
 *
 * <p><b>Events.</b> Receipts: {@code DELIVRD} is DELIVERED (for a long text, once every part is), {@code EXPIRED}
 * and {@code DELETED} SOFT_BOUNCE, {@code UNDELIV} and {@code REJECTD} HARD_BOUNCE; intermediate states are
 * ignored. The {@code receipted_message_id} and {@code message_state} TLVs, when the SMSC sends them, win over the
 * receipt's text (whose {@code id:} some SMSCs write in another base than {@code submit_sm_resp}'s), and a receipt
 * with the TLVs but no readable text is understood. Each part's message id is tracked as soon as its {@code submit_sm_resp} arrives, and a receipt for an
 * id not (yet) tracked, which can overtake the response on jSMPP's receiving threads, is held for up to
 * {@code receiptHoldMillis} by the adapter's clock (at most 10,000 at once) and handled as soon as the id is
 * tracked; one still unknown after that (a message sent before a restart) is reported by provider id alone.
 *
 * <p><b>Replies' numbers.</b> A reply's {@code source_addr} is read by its type of number: international as the
 * E.164 digits; national (or unknown with the national prefix) as a national number, made E.164 with
 * {@code defaultCountryCode} after dropping {@code nationalPrefix}. A number that cannot be made E.164 (national
 * without a configured country code, alphanumeric, malformed) is never guessed: a STOP from it is reported with
 * the raw address, its type of number and {@code unnormalised=true} in the event's details, named by a provider
 * id {@code mo:<raw address>} since it has no recipient, and logged as a warning; it gets no confirmation. A reply that is an opt-out keyword (STOP, UNSUBSCRIBE, CANCEL, END, QUIT, 退订, TD, in any case) is
 * REPLIED_STOP and gets one confirmation; after it the adapter refuses to send to the number (Permanent,
 * suppressed) for as long as it runs, and a repeated STOP gets no second confirmation. HELP gets the help text.
 * These two replies are sent by the adapter itself, not through the pipeline.
 *
 * <p><b>The bind</b> is made in the background when the adapter is created and again whenever the SMSC drops it
 * (retried every {@code bindTimeoutMillis} while it is down), so replies and receipts keep arriving between sends.
 *
 * <p>Thread-safe: jSMPP matches responses to requests by sequence number, so concurrent sends share the bind.
 */
public final class SmppSmsAdapter extends AbstractChannelAdapter {

    private static final System.Logger LOG = System.getLogger(SmppSmsAdapter.class.getName());
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{1,14}");
    private static final int TRACKED_MAX = 100_000;
    private static final int HELD_MAX = 10_000;
    private static final Pattern COUNTRY_CODE = Pattern.compile("[1-9][0-9]{0,2}");

    private final String host;
    private final int port;
    private final String systemId;
    private final String password;
    private final String systemType;
    private final String sourceAddress;
    private final TypeOfNumber sourceTon;
    private final NumberingPlanIndicator sourceNpi;
    private final Duration bindTimeout;
    private final Duration responseTimeout;
    private final Duration throttleBackoff;
    private final int maxParts;
    private final int enquireLinkMillis;
    private final String helpText;
    private final String optOutConfirmation;
    private final Optional<String> countryCode;
    private final String nationalPrefix;
    private final Duration receiptHold;

    private final ReentrantLock bindLock = new ReentrantLock();
    private volatile SMPPSession session;
    private final AtomicInteger references = new AtomicInteger();
    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final Map<String, Tracked> tracked = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
            return size() > TRACKED_MAX;
        }
    };
    // Replies (STOP confirmation, HELP) and rebinds run here, never on jSMPP's receiving threads, which must
    // answer the SMSC's deliver_sm promptly. One thread keeps replies in arrival order.
    /** Receipts for ids not tracked yet, in arrival order; guarded by {@code tracked}'s monitor. */
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor replies = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "recall-smpp-replies");
        t.setDaemon(true);
        return t;
    });

    /** A sent message whose receipts may come: every part's message id maps to it. */
    private record Tracked(String providerId, String idempotencyKey, Address.Phone recipient, int parts,
                           AtomicInteger delivered, AtomicBoolean failed) {
    }

    /** A receipt whose message id was not tracked when it arrived. */
    private record Held(DeliveryEvent.Type type, String messageId, String state, String error, java.time.Instant at) {
    }

    /**
     * Creates the adapter and starts binding in the background, so replies and receipts can arrive before the
     * first send; a send finding no bind binds itself.
     *
     * @param context settings as listed above, the event listener, the renderer and the clock
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    public SmppSmsAdapter(AdapterContext context) {
        super(capabilitiesFor(new Settings(context, "SMPP adapter")), context);
        Settings s = new Settings(context, "SMPP adapter");
        this.host = s.required("host");
        this.port = s.positive("port", -1);
        if (port < 0) {
            throw new IllegalArgumentException("SMPP adapter needs setting 'port'");
        }
        this.systemId = s.required("systemId");
        this.password = s.text("password", "");
        this.systemType = s.text("systemType", "");
        this.sourceAddress = s.required("sourceAddress");
        boolean numeric = sourceAddress.matches("\\+?[0-9]+");
        this.sourceTon = numeric ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
        this.sourceNpi = numeric ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
        this.bindTimeout = s.millis("bindTimeoutMillis", Duration.ofSeconds(5));
        this.responseTimeout = s.millis("responseTimeoutMillis", Duration.ofSeconds(10));
        this.throttleBackoff = s.millis("throttleBackoffMillis", Duration.ofSeconds(1));
        this.maxParts = s.positive("maxParts", 10);
        this.enquireLinkMillis = s.positive("enquireLinkMillis", 30_000);
        this.helpText = s.text("helpText", "Reply STOP to unsubscribe. 回复退订取消订阅。");
        this.optOutConfirmation = s.text("optOutConfirmationText",
                "You are unsubscribed and will get no more messages. 您已退订。");
        this.countryCode = Optional.of(s.text("defaultCountryCode", "").strip().replace("+", ""))
                .filter(cc -> !cc.isEmpty());
        if (countryCode.isPresent() && !COUNTRY_CODE.matcher(countryCode.get()).matches()) {
            throw new IllegalArgumentException("SMPP adapter setting 'defaultCountryCode' must be a country calling"
                    + " code of 1 to 3 digits (e.g. 86) but was '" + countryCode.get() + "'");
        }
        this.nationalPrefix = s.text("nationalPrefix", "0").strip();
        if (!nationalPrefix.matches("[0-9]{0,3}")) {
            throw new IllegalArgumentException("SMPP adapter setting 'nationalPrefix' must be up to 3 digits but was '"
                    + nationalPrefix + "'");
        }
        this.receiptHold = s.millis("receiptHoldMillis", Duration.ofSeconds(60));
        replies.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        replies.scheduleWithFixedDelay(this::releaseExpiredReceipts, 1, 1, TimeUnit.SECONDS);
        // Bind now so replies and receipts arrive before the first send; if the SMSC is down, a later send or
        // the rebind schedule tries again.
        rebindLater(Duration.ZERO);
    }

    /** Binds again after {@code delay} unless bound or closed, and keeps trying every bind timeout until it is. */
    private void rebindLater(Duration delay) {
        try {
            replies.schedule(() -> {
                if (isClosed()) {
                    return;
                }
                try {
                    bound(System.nanoTime() + bindTimeout.multipliedBy(2).toNanos(), Duration.ZERO);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "SMPP bind failed, trying again: " + e.getMessage());
                    rebindLater(bindTimeout);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static Capabilities capabilitiesFor(Settings s) {
        Duration bind = s.millis("bindTimeoutMillis", Duration.ofSeconds(5));
        Duration response = s.millis("responseTimeoutMillis", Duration.ofSeconds(10));
        return Capabilities.of(Channel.SMS).withMaxSendDuration(maxSendDuration(bind, response, s.positive("maxParts", 10)));
    }

    /**
     * One send's budget, which its deadline enforces: a bind at worst (connect and bind, each up to the bind
     * timeout, less whatever was spent waiting for another thread's bind) plus one submit_sm per part, each
     * waiting at most the response timeout.
     */
    private static Duration maxSendDuration(Duration bind, Duration response, int maxParts) {
        return bind.multipliedBy(2).plus(response.multipliedBy(maxParts));
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        long deadline = System.nanoTime() + maxSendDuration(bindTimeout, responseTimeout, maxParts).toNanos();
        Address.Phone to = (Address.Phone) outgoing.message().recipient();
        if (optedOut.contains(to.e164())) {
            return SendResult.permanent("recipient replied STOP to this sender", true);
        }
        Optional<String> text = outgoing.content().flatMap(c -> c.part(RenderResult.Rendered.TEXT));
        if (text.isEmpty()) {
            return SendResult.permanent("rendered message has no '" + RenderResult.Rendered.TEXT + "' part", false);
        }
        Segmenter.Segmented parts;
        try {
            parts = Segmenter.segment(text.get(), references.getAndIncrement() & 0xFF);
        } catch (IllegalArgumentException e) {
            return SendResult.permanent("cannot encode SMS: " + e.getMessage(), false);
        }
        if (parts.payloads().size() > maxParts) {
            return SendResult.permanent("SMS needs " + parts.payloads().size() + " parts (" + parts.alphabet()
                    + "), more than maxParts " + maxParts, false);
        }
        SMPPSession bound;
        try {
            // The parts' responses keep their share of the budget; the bind gets the rest.
            bound = bound(deadline, responseTimeout.multipliedBy(parts.payloads().size()));
        } catch (IOException e) {
            return SendResult.retryable("no SMPP bind to " + host + ":" + port + ": " + e.getMessage());
        }
        String[] ids = new String[parts.payloads().size()];
        Tracked t = null;
        for (int p = 0; p < ids.length; p++) {
            SendResult failure;
            try {
                ids[p] = submit(bound, to, parts, p);
                if (t == null) {
                    t = new Tracked(ids[0], outgoing.message().idempotencyKey(), to, ids.length, new AtomicInteger(),
                            new AtomicBoolean());
                }
                // Tracked at once: the part's receipt may come before the next part's response, or even before
                // this response reached us (then it is held and handled here).
                track(ids[p], t);
                continue;
            } catch (NegativeResponseException e) {
                failure = SmppStatus.classify(e.getCommandStatus(), throttleBackoff);
            } catch (ResponseTimeoutException e) {
                failure = SendResult.unknown("no submit_sm_resp within " + responseTimeout.toMillis() + " ms");
            } catch (InvalidResponseException e) {
                failure = SendResult.unknown("invalid submit_sm_resp: " + e.getMessage());
            } catch (PDUException e) {
                failure = SendResult.permanent("cannot build submit_sm: " + e.getMessage(), false);
            } catch (IOException e) {
                // The PDU may have been written before the connection failed.
                failure = SendResult.unknown("connection failed during submit_sm: " + e.getMessage());
            }
            if (p == 0) {
                return failure;
            }
            return SendResult.unknown("part " + (p + 1) + " of " + ids.length + " failed after " + p
                    + " were accepted (" + describe(failure) + "); the recipient may hold a fragment");
        }
        return SendResult.accepted(ids[0]);
    }

    private static String describe(SendResult r) {
        if (r instanceof SendResult.Retryable x) {
            return x.reason();
        } else if (r instanceof SendResult.Permanent x) {
            return x.reason();
        } else if (r instanceof SendResult.Unknown x) {
            return x.reason();
        }
        return r.toString();
    }

    private String submit(SMPPSession s, Address.Phone to, Segmenter.Segmented parts, int p)
            throws PDUException, ResponseTimeoutException, InvalidResponseException, NegativeResponseException,
            IOException {
        ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                parts.concatenated() ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
        return s.submitShortMessage(systemType, sourceTon, sourceNpi, sourceAddress.replace("+", ""),
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to.e164().substring(1), esm, (byte) 0,
                (byte) 0, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                DataCodings.newInstance(parts.dataCoding()), (byte) 0, parts.payloads().get(p)).getMessageId();
    }

    /**
     * The bound session, binding (again) if there is none or it was lost, all before {@code deadline}
     * ({@link System#nanoTime()}) less {@code reserve}: waiting for a bind another thread is making, connecting
     * and binding share that budget.
     */
    private SMPPSession bound(long deadline, Duration reserve) throws IOException {
        SMPPSession s = session;
        if (s != null && s.getSessionState().isBound()) {
            return s;
        }
        long bindBy = deadline - reserve.toNanos();
        try {
            if (!bindLock.tryLock(Math.max(0, bindBy - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IOException("another bind is under way and did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the bind");
        }
        try {
            s = session;
            if (s != null && s.getSessionState().isBound()) {
                return s;
            }
            if (isClosed()) {
                throw new IOException("adapter is closed");
            }
            if (s != null) {
                s.close();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(bindBy - System.nanoTime());
            // Normally the bind timeout each for connecting and binding; less, split evenly, after a wait.
            long bindMillis = Math.min(bindTimeout.toMillis(), left / 2);
            if (bindMillis < 1) {
                throw new IOException("no time left to bind");
            }
            long connectBy = bindBy - TimeUnit.MILLISECONDS.toNanos(bindMillis);
            SMPPSession fresh = new SMPPSession((h, p) -> {
                // jSMPP's default factory connects without a timeout; a black-holed SMSC would outlast maxSendDuration.
                int connectMillis = (int) Math.max(1, Math.min(bindTimeout.toMillis(),
                        TimeUnit.NANOSECONDS.toMillis(connectBy - System.nanoTime())));
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(h, p), connectMillis);
                    return new SocketConnection(socket);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            });
            fresh.setTransactionTimer(responseTimeout.toMillis());
            fresh.setEnquireLinkTimer(enquireLinkMillis);
            fresh.setMessageReceiverListener(new Inbound());
            fresh.addSessionStateListener((now, before, source) -> {
                if (!now.isBound() && before.isBound()) {
                    rebindLater(Duration.ZERO);   // the SMSC dropped us: keep receiving replies and receipts
                }
            });
            try {
                fresh.connectAndBind(host, port, new BindParameter(BindType.BIND_TRX, systemId, password, systemType,
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), bindMillis);
            } catch (IOException e) {
                fresh.close();
                throw e;
            }
            session = fresh;
            return fresh;
        } finally {
            bindLock.unlock();
        }
    }

    @Override
    protected void doClose() {
        replies.shutdown();
        try {
            replies.awaitTermination(bindTimeout.plus(responseTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bindLock.lock();
        try {
            SMPPSession s = session;
            session = null;
            if (s != null) {
                if (s.getSessionState().isBound()) {
                    s.unbindAndClose();
                } else {
                    s.close();
                }
            }
        } finally {
            bindLock.unlock();
        }
    }

    /**
     * A receipt's message id, final state and error. The {@code receipted_message_id} and {@code message_state}
     * TLVs win over the text: the TLV id is the one {@code submit_sm_resp} gave, while some SMSCs write the text's
     * {@code id:} in another base; and some send the TLVs with no parseable text at all.
     */
    private void onReceipt(DeliverSm deliverSm) {
        DeliveryReceipt text = null;
        try {
            text = deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            // The TLVs may still say it all.
        }
        OptionalParameter idTlv = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        OptionalParameter stateTlv = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
        String textId = text == null || text.getId() == null ? "" : text.getId().strip();
        String tlvId = idTlv instanceof OptionalParameter.OctetString o ? cString(o.getValue()) : "";
        Optional<DeliveryReceiptState> state = stateTlv instanceof OptionalParameter.Message_state m
                ? stateOf(m.getMessageState()) : Optional.ofNullable(text == null ? null : text.getFinalStatus());
        if (tlvId.isEmpty() && textId.isEmpty() || text == null && stateTlv == null) {
            LOG.log(System.Logger.Level.WARNING, "SMPP delivery receipt ignored: no message id, or neither a readable"
                    + " text nor a message_state TLV");
            return;
        }
        Optional<DeliveryEvent.Type> type = state.flatMap(SmppSmsAdapter::typeOf);
        if (type.isEmpty()) {
            return;
        }
        String error = text != null && text.getError() != null ? text.getError().strip()
                : deliverSm.getOptionalParameter(OptionalParameter.Tag.NETWORK_ERROR_CODE)
                        instanceof OptionalParameter.Network_error_code n
                        ? n.getNetworkType() + ":" + n.getErrorCode() : "";
        Tracked t;
        List<Held> expired;
        Held h;
        synchronized (tracked) {
            // The TLV's id, unless only the text's names a message sent: then the text has it right.
            String id = tlvId.isEmpty() || !tracked.containsKey(tlvId) && tracked.containsKey(textId) ? textId : tlvId;
            h = new Held(type.get(), id, state.get().name(), error, context().clock().instant());
            t = tracked.get(h.messageId());
            // Not tracked yet: the submit_sm_resp may still be on its way (jSMPP hands deliver_sm to another
            // thread), so hold the receipt until the id is tracked or the hold runs out.
            if (t == null) {
                held.remove(h.messageId());
                held.put(h.messageId(), h);
            }
            expired = expiredHeld();
        }
        expired.forEach(this::reportUntracked);
        if (t != null) {
            handle(h, t);
        }
    }

    /**
     * A C-octet string TLV's text: up to its NUL, if any. jSMPP's own reading drops the last byte whatever it is,
     * and some SMSCs send {@code receipted_message_id} without the terminator.
     */
    private static String cString(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }

    /** Tracks a part's message id and handles a receipt held for it. */
    private void track(String messageId, Tracked t) {
        Held h;
        synchronized (tracked) {
            tracked.put(messageId, t);
            h = held.remove(messageId);
        }
        if (h != null) {
            handle(h, t);
        }
    }

    /** Held receipts past their hold or beyond the bound, removed; the caller holds {@code tracked}'s monitor. */
    private List<Held> expiredHeld() {
        List<Held> out = new ArrayList<>();
        java.time.Instant cutoff = context().clock().instant().minus(receiptHold);
        for (var it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            // Held in arrival order, so the first one still within its hold (and the bound) ends the look.
            if (held.size() <= HELD_MAX && h.at().isAfter(cutoff)) {
                break;
            }
            out.add(h);
            it.remove();
        }
        return out;
    }

    private void releaseExpiredReceipts() {
        try {
            List<Held> expired;
            synchronized (tracked) {
                expired = expiredHeld();
            }
            expired.forEach(this::reportUntracked);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing held SMPP receipts failed", e);
        }
    }

    /** A receipt whose message this adapter never tracked (sent before a restart): by provider id alone. */
    private void reportUntracked(Held h) {
        report(details(DeliveryEvent.forProviderId(h.type(), Channel.SMS, h.messageId(), context().clock().instant()), h));
    }

    /** A receipt for a tracked part. The done date is the SMSC's local time without a zone, so the event carries our clock's. */
    private void handle(Held h, Tracked t) {
        boolean report = h.type() == DeliveryEvent.Type.DELIVERED
                ? t.delivered().incrementAndGet() == t.parts() && !t.failed().get()
                : t.failed().compareAndSet(false, true);
        if (!report) {
            return;
        }
        report(details(DeliveryEvent.forProviderId(h.type(), Channel.SMS, t.providerId(), context().clock().instant())
                .withIdempotencyKey(t.idempotencyKey()).withRecipient(t.recipient()), h));
    }

    private static DeliveryEvent details(DeliveryEvent event, Held h) {
        event = event.withDetail("status", h.state());
        if (!h.error().isBlank()) {
            event = event.withDetail("error", h.error());
        }
        return event;
    }

    /** The text receipt's state that a {@code message_state} TLV names; none for states that are not final. */
    private static Optional<DeliveryReceiptState> stateOf(OptionalParameter.Message_state.Message_state_enum state) {
        if (state == null) {
            return Optional.empty();
        }
        return switch (state) {
            case DELIVERED -> Optional.of(DeliveryReceiptState.DELIVRD);
            case EXPIRED -> Optional.of(DeliveryReceiptState.EXPIRED);
            case DELETED -> Optional.of(DeliveryReceiptState.DELETED);
            case UNDELIVERABLE -> Optional.of(DeliveryReceiptState.UNDELIV);
            case REJECTED -> Optional.of(DeliveryReceiptState.REJECTD);
            default -> Optional.empty();
        };
    }

    private static Optional<DeliveryEvent.Type> typeOf(DeliveryReceiptState state) {
        switch (state) {
            case DELIVRD:
                return Optional.of(DeliveryEvent.Type.DELIVERED);
            case EXPIRED:
            case DELETED:
                return Optional.of(DeliveryEvent.Type.SOFT_BOUNCE);
            case UNDELIV:
            case REJECTD:
                return Optional.of(DeliveryEvent.Type.HARD_BOUNCE);
            default:
                return Optional.empty();
        }
    }

    private void onReply(DeliverSm deliverSm) {
        String raw = deliverSm.getSourceAddr() == null ? "" : deliverSm.getSourceAddr().strip();
        TypeOfNumber ton = tonOf(deliverSm.getSourceAddrTon());
        Optional<Address.Phone> number = e164(raw, ton, countryCode, nationalPrefix);
        byte[] payload = deliverSm.getShortMessage() == null ? new byte[0] : deliverSm.getShortMessage();
        int udh = deliverSm.isUdhi() && payload.length > 0 ? (payload[0] & 0xFF) + 1 : 0;
        String text = Segmenter.decode(deliverSm.getDataCoding(), payload, udh);
        if (number.isEmpty()) {
            Keywords.classify(text).filter(match -> match.kind() == Keywords.Kind.OPT_OUT).ifPresent(match -> {
                LOG.log(System.Logger.Level.WARNING, "SMPP opt-out from source_addr '" + raw + "' (TON " + ton
                        + ") that cannot be made E.164" + (countryCode.isEmpty() ? "; set 'defaultCountryCode'" : "")
                        + ": reported with the raw address, no recipient");
                if (!raw.isEmpty()) {
                    report(DeliveryEvent.forProviderId(DeliveryEvent.Type.REPLIED_STOP, Channel.SMS,
                                    "mo:" + (raw.length() > 200 ? raw.substring(0, 200) : raw),
                                    context().clock().instant())
                            .withDetail("keyword", match.keyword()).withDetail("source_addr", raw)
                            .withDetail("source_addr_ton", ton.name()).withDetail("unnormalised", "true"));
                }
            });
            return;
        }
        Address.Phone from = number.get();
        Keywords.classify(text).ifPresent(match -> {
            if (match.kind() == Keywords.Kind.OPT_OUT) {
                boolean first = optedOut.add(from.e164());
                report(DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP, from, context().clock().instant())
                        .withDetail("keyword", match.keyword()));
                if (first) {
                    reply(from, optOutConfirmation);
                }
            } else {
                reply(from, helpText);
            }
        });
    }

    private static TypeOfNumber tonOf(byte value) {
        try {
            return TypeOfNumber.valueOf(value);
        } catch (IllegalArgumentException e) {
            return TypeOfNumber.UNKNOWN;
        }
    }

    /**
     * A reply's {@code source_addr} as an E.164 number, read by its type of number; empty when it cannot be made
     * one without guessing.
     *
     * @param raw            the address as the SMSC wrote it
     * @param ton            its type of number
     * @param countryCode    the country calling code national numbers belong to, if configured
     * @param nationalPrefix the national trunk prefix dropped before the country code is put in front
     */
    static Optional<Address.Phone> e164(String raw, TypeOfNumber ton, Optional<String> countryCode,
                                        String nationalPrefix) {
        String a = raw.replace(" ", "").replace("-", "");
        String digits;
        if (a.startsWith("+")) {
            digits = a.substring(1);
        } else if (ton == TypeOfNumber.INTERNATIONAL) {
            digits = a.startsWith("00") ? a.substring(2) : a;
        } else if (ton == TypeOfNumber.NATIONAL
                || ton == TypeOfNumber.UNKNOWN && !nationalPrefix.isEmpty() && a.startsWith(nationalPrefix)) {
            if (countryCode.isEmpty() || !a.matches("[0-9]+")) {
                return Optional.empty();
            }
            String national = !nationalPrefix.isEmpty() && a.startsWith(nationalPrefix)
                    ? a.substring(nationalPrefix.length()) : a;
            digits = countryCode.get() + national;
        } else if (ton == TypeOfNumber.UNKNOWN) {
            digits = a;   // most SMSCs write international numbers without a type; one starting 1-9 is read so
        } else {
            return Optional.empty();   // alphanumeric, subscriber, abbreviated, network specific
        }
        if (!DIGITS.matcher(digits).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Address.Phone("+" + digits));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void reply(Address.Phone to, String text) {
        replies.execute(() -> {
            if (isClosed()) {
                return;
            }
            try {
                SMPPSession s = bound(System.nanoTime() + bindTimeout.multipliedBy(2).toNanos(), Duration.ZERO);
                Segmenter.Segmented parts = Segmenter.segment(text, references.getAndIncrement() & 0xFF);
                for (int p = 0; p < parts.payloads().size(); p++) {
                    submit(s, to, parts, p);
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "SMS reply to " + to + " failed: " + e);
            }
        });
    }

    /** What the SMSC sends on the transceiver bind. */
    private final class Inbound implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (isClosed()) {
                return;
            }
            try {
                if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                    onReceipt(deliverSm);
                } else {
                    onReply(deliverSm);
                }
            } catch (RuntimeException e) {
                // Acknowledge anyway: a refused deliver_sm would be redelivered and fail the same way.
                LOG.log(System.Logger.Level.WARNING, "inbound deliver_sm could not be handled", e);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            // Not used: alerts concern SMSC-side retries.
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
