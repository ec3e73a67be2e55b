package io.recall.examples.sms;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;
import io.recall.examples.sms.internal.Gsm7;
import io.recall.examples.sms.internal.Segmenter;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An SMSC on loopback built with jSMPP's server side: it binds transceivers, records every {@code submit_sm},
 * answers per destination as told (accept, throttle, queue full, system error, reject address or content,
 * stall, drop the connection), and sends delivery receipts and inbound replies. Also the kit's probe.
 */
final class SmppTestServer implements ProviderProbe, ServerMessageReceiverListener {

    /** How the SMSC answers a submit_sm to one destination. */
    enum Action { ACCEPT, THROTTLE, QUEUE_FULL, SYSTEM_ERROR, REJECT_ADDRESS, REJECT_CONTENT, STALL, DROP,
        /** Take the first part of a concatenated message, throttle the later ones. */
        THROTTLE_LATER_PARTS,
        /** Answer the first part of a concatenated message at once, the later ones after the stall. */
        STALL_LATER_PARTS }

    /** One submit_sm as the SMSC read it. */
    record Submit(long request, String destination, byte dataCoding, byte esmClass, byte[] shortMessage,
                  String messageId, byte registeredDelivery) {

        boolean udhi() {
            return GSMSpecificFeature.UDHI.containedIn(esmClass);
        }

        int udhLength() {
            return udhi() ? (shortMessage[0] & 0xFF) + 1 : 0;
        }

        /** Concatenation reference, total and sequence from an IEI 0x00 UDH; empty for a single message. */
        Optional<int[]> concatenation() {
            if (!udhi() || shortMessage.length < 6 || shortMessage[1] != 0x00 || shortMessage[2] != 0x03) {
                return Optional.empty();
            }
            return Optional.of(new int[]{shortMessage[3] & 0xFF, shortMessage[4] & 0xFF, shortMessage[5] & 0xFF});
        }

        /** The text, decoded by data_coding after the UDH. */
        String text() {
            if ((dataCoding & 0xFF) == 0x08) {
                return new String(shortMessage, udhLength(), shortMessage.length - udhLength(),
                        StandardCharsets.UTF_16BE);
            }
            return Gsm7.decode(shortMessage, udhLength(), shortMessage.length);
        }
    }

    static final String SYSTEM_ID = "recall";
    static final String PASSWORD = "secret";
    static final String SHORT_CODE = "10690000";

    private final SMPPServerSessionListener listener;
    private final int port;
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(4_000_000);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger binds = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread acceptor;
    private volatile boolean running = true;

    private SmppTestServer() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = socket.getLocalPort();
        ServerConnectionFactory onLoopback = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) throws IOException {
                socket.setSoTimeout(timeout);
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
                return listen(port, timeout);
            }
        };
        listener = new SMPPServerSessionListener(port, onLoopback);
        listener.setPduProcessorDegree(32);
        listener.setMessageReceiverListener(this);
        acceptor = new Thread(this::acceptLoop, "smpp-test-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SmppTestServer start() throws IOException {
        return new SmppTestServer();
    }

    int port() {
        return port;
    }

    /** How many binds the SMSC accepted. */
    int binds() {
        return binds.get();
    }

    /** Settings for an adapter talking to this SMSC, with short timeouts. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", String.valueOf(port));
        s.put("systemId", SYSTEM_ID);
        s.put("password", PASSWORD);
        s.put("sourceAddress", SHORT_CODE);
        s.put("bindTimeoutMillis", "2000");
        s.put("responseTimeoutMillis", "500");
        s.put("throttleBackoffMillis", "2000");
        return s;
    }

    private void acceptLoop() {
        while (running) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5_000);
                if (SYSTEM_ID.equals(bind.getSystemId()) && PASSWORD.equals(bind.getPassword())) {
                    bind.accept("recall-smsc");
                    sessions.add(session);
                    binds.incrementAndGet();
                } else {
                    bind.reject(SMPPConstant.STAT_ESME_RINVPASWD);
                }
            } catch (java.net.SocketTimeoutException e) {
                // poll running again
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                e.printStackTrace();
            }
        }
    }

    void act(String destinationDigits, Action action) {
        actions.put(destinationDigits, action);
    }

    List<Submit> submits() {
        return List.copyOf(submits);
    }

    List<Submit> submitsTo(Address.Phone phone) {
        return submits.stream().filter(s -> s.destination().equals(phone.e164().substring(1)))
                .collect(Collectors.toList());
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession source) throws ProcessRequestException {
        Action action = actions.getOrDefault(sm.getDestAddress(), Action.ACCEPT);
        if (action == Action.THROTTLE_LATER_PARTS && GSMSpecificFeature.UDHI.containedIn(sm.getEsmClass())
                && sm.getShortMessage()[5] > 1) {
            throw new ProcessRequestException("throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        switch (action) {
            case THROTTLE:
                throw new ProcessRequestException("throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
            case QUEUE_FULL:
                throw new ProcessRequestException("queue full", SMPPConstant.STAT_ESME_RMSGQFUL);
            case SYSTEM_ERROR:
                throw new ProcessRequestException("system error", SMPPConstant.STAT_ESME_RSYSERR);
            case REJECT_ADDRESS:
                throw new ProcessRequestException("invalid destination", SMPPConstant.STAT_ESME_RINVDSTADR);
            case REJECT_CONTENT:
                throw new ProcessRequestException("refused by policy", SMPPConstant.STAT_ESME_RX_P_APPN);
            default:
                break;
        }
        String id = String.valueOf(ids.incrementAndGet());
        submits.add(new Submit(requests.incrementAndGet(), sm.getDestAddress(), sm.getDataCoding(), sm.getEsmClass(),
                sm.getShortMessage(), id, sm.getRegisteredDelivery()));
        if (action == Action.DROP) {
            Thread closer = new Thread(source::close, "smpp-test-server-drop");
            closer.setDaemon(true);
            closer.start();
        }
        boolean laterPart = GSMSpecificFeature.UDHI.containedIn(sm.getEsmClass()) && sm.getShortMessage()[5] > 1;
        if (action == Action.STALL || action == Action.DROP || action == Action.STALL_LATER_PARTS && laterPart) {
            try {
                released.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
        } catch (org.jsmpp.PDUStringException e) {
            throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
        }
    }

    /** Sends a delivery receipt for {@code messageId} from {@code handset}, as an SMSC writes it. */
    void sendReceipt(String messageId, String handsetDigits, String stat, String err) throws Exception {
        String text = "id:" + messageId + " sub:001 dlvrd:" + ("DELIVRD".equals(stat) ? "001" : "000")
                + " submit date:2611241130 done date:2611241131 stat:" + stat + " err:" + err + " text:Hello";
        deliver(handsetDigits, new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                (byte) 0x00, text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Sends a delivery receipt with the {@code receipted_message_id} and {@code message_state} TLVs, and as its text
     * {@code text} (possibly empty, or naming another id).
     */
    void sendReceiptWithTlvs(String text, String messageId, String handsetDigits,
                             OptionalParameter.Message_state.Message_state_enum state) throws Exception {
        deliver(handsetDigits, TypeOfNumber.INTERNATIONAL,
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0x00,
                text.getBytes(StandardCharsets.US_ASCII), new OptionalParameter.Receipted_message_id(messageId),
                new OptionalParameter.Message_state(state.byteValue()),
                new OptionalParameter.Network_error_code(OptionalParameter.Network_error_code.Network_error_code_type.GSM,
                        (short) 34));
    }

    /**
     * Sends a DELIVERED receipt with no text whose {@code receipted_message_id} TLV lacks its NUL terminator, as some
     * SMSCs write it.
     */
    void sendReceiptWithUnterminatedIdTlv(String messageId, String handsetDigits) throws Exception {
        deliver(handsetDigits, TypeOfNumber.INTERNATIONAL,
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0x00,
                new byte[0], new OptionalParameter.OctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                        messageId.getBytes(StandardCharsets.US_ASCII)),
                new OptionalParameter.Message_state(OptionalParameter.Message_state.Message_state_enum.DELIVERED.byteValue()));
    }

    /** Sends an inbound reply {@code text} from {@code handset}: GSM-7 when it can, UCS-2 otherwise. */
    void sendReply(String handsetDigits, String text) throws Exception {
        boolean gsm = Gsm7.canEncode(text);
        byte[] payload = gsm ? Gsm7.encode(text, 0, text.length()) : text.getBytes(StandardCharsets.UTF_16BE);
        deliver(handsetDigits, new ESMClass(), gsm ? Segmenter.DATA_CODING_GSM7 : Segmenter.DATA_CODING_UCS2, payload);
    }

    /** Sends an inbound reply in UCS-2 whose source_addr is {@code address} of type {@code ton}, e.g. a national number. */
    void sendReplyFrom(String address, TypeOfNumber ton, String text) throws Exception {
        deliver(address, ton, new ESMClass(), Segmenter.DATA_CODING_UCS2, text.getBytes(StandardCharsets.UTF_16BE));
    }

    private void deliver(String from, ESMClass esm, byte dataCoding, byte[] payload) throws Exception {
        deliver(from, TypeOfNumber.INTERNATIONAL, esm, dataCoding, payload);
    }

    private void deliver(String from, TypeOfNumber ton, ESMClass esm, byte dataCoding, byte[] payload,
                         OptionalParameter... tlvs) throws Exception {
        // The adapter may be between binds (a background rebind on a loaded machine): give it a while.
        SMPPServerSession session = null;
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (session == null && System.nanoTime() < giveUp) {
            for (int i = sessions.size() - 1; i >= 0; i--) {
                if (sessions.get(i).getSessionState().isBound()) {
                    session = sessions.get(i);
                    break;
                }
            }
            if (session == null) {
                Thread.sleep(10);
            }
        }
        if (session == null) {
            throw new IllegalStateException("no bound session to deliver to");
        }
        session.deliverShortMessage("", ton, NumberingPlanIndicator.ISDN, from,
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, SHORT_CODE, esm, (byte) 0, (byte) 0,
                new RegisteredDelivery(0), DataCodings.newInstance(dataCoding), payload, tlvs);
    }

    // ---- the probe

    @Override
    public Set<Behaviour> behaviours() {
        return EnumSet.of(Behaviour.ACCEPT, Behaviour.TRANSIENT_FAILURE, Behaviour.THROTTLE, Behaviour.REJECT_ADDRESS,
                Behaviour.REJECT_CONTENT, Behaviour.TIMEOUT_AFTER_SEND);
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return Optional.empty();   // SMPP's throttling status carries no wait
    }

    @Override
    public boolean seesIdempotencyKeys() {
        return false;              // submit_sm has no standard field for one
    }

    @Override
    public boolean seesContent() {
        return true;
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return EnumSet.of(DeliveryEvent.Type.DELIVERED, DeliveryEvent.Type.SOFT_BOUNCE, DeliveryEvent.Type.HARD_BOUNCE,
                DeliveryEvent.Type.REPLIED_STOP);
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        String digits = ((Address.Phone) recipient).e164().substring(1);
        act(digits, switch (behaviour) {
            case ACCEPT -> Action.ACCEPT;
            case TRANSIENT_FAILURE -> Action.SYSTEM_ERROR;
            case THROTTLE -> Action.THROTTLE;
            case REJECT_ADDRESS -> Action.REJECT_ADDRESS;
            case REJECT_CONTENT -> Action.REJECT_CONTENT;
            case TIMEOUT_AFTER_SEND -> Action.STALL;
            case UNAVAILABLE -> throw new IllegalArgumentException("this SMSC cannot refuse one recipient's connection");
        });
    }

    /** Messages as the SMSC holds them: concatenated parts reassembled, listed where their first part arrived. */
    @Override
    public List<Received> received() {
        List<Received> out = new ArrayList<>();
        Map<String, List<Submit>> partial = new LinkedHashMap<>();
        for (Submit s : submits) {
            Optional<int[]> concat = s.concatenation();
            if (concat.isEmpty()) {
                out.add(received(List.of(s)));
                continue;
            }
            String key = s.destination() + "/" + concat.get()[0] + "/" + concat.get()[1];
            List<Submit> parts = partial.computeIfAbsent(key, k -> new ArrayList<>());
            parts.add(s);
            if (parts.size() == concat.get()[1]) {
                parts.sort((a, b) -> a.concatenation().get()[2] - b.concatenation().get()[2]);
                out.add(received(parts));
                partial.remove(key);
            }
        }
        return out;
    }

    private static Received received(List<Submit> parts) {
        String text = parts.stream().map(Submit::text).collect(Collectors.joining());
        return new Received(new Address.Phone("+" + parts.get(0).destination()), Optional.empty(), Optional.of(text),
                parts.get(0).request());
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        String digits = ((Address.Phone) about.recipient()).e164().substring(1);
        Submit first = submits.stream().filter(s -> s.request() == about.request()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the SMSC holds no request " + about.request()));
        try {
            switch (type) {
                case DELIVERED -> sendReceipt(first.messageId(), digits, "DELIVRD", "000");
                case SOFT_BOUNCE -> sendReceipt(first.messageId(), digits, "EXPIRED", "027");
                case HARD_BOUNCE -> sendReceipt(first.messageId(), digits, "UNDELIV", "001");
                case REPLIED_STOP -> sendReply(digits, "STOP");
                default -> throw new IllegalArgumentException("this SMSC cannot report " + type);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not emit " + type, e);
        }
    }

    @Override
    public void close() {
        running = false;
        released.countDown();
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- requests this SMSC does not serve

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                           SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}
