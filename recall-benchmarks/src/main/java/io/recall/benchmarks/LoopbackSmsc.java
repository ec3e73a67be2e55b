package io.recall.benchmarks;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An SMSC on loopback (jSMPP's server side) that binds anyone and accepts every submit_sm at once. */
final class LoopbackSmsc implements ServerMessageReceiverListener, AutoCloseable {

    private final SMPPServerSessionListener listener;
    private final int port;
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean running = true;

    LoopbackSmsc() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        port = socket.getLocalPort();
        listener = new SMPPServerSessionListener(port, new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int p) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int p, int timeout) throws IOException {
                socket.setSoTimeout(timeout);
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
                return listen(p, timeout);
            }
        });
        listener.setPduProcessorDegree(8);
        listener.setMessageReceiverListener(this);
        acceptor = new Thread(() -> {
            while (running) {
                try {
                    SMPPServerSession session = listener.accept();
                    BindRequest bind = session.waitForBind(5_000);
                    bind.accept("loopback");
                    sessions.add(session);
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }, "loopback-smsc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return port;
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
        try {
            return new SubmitSmResult(new MessageId(Long.toString(ids.incrementAndGet())), new OptionalParameter[0]);
        } catch (org.jsmpp.PDUStringException e) {
            throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        sessions.forEach(SMPPServerSession::close);
        listener.close();
    }

    private static ProcessRequestException unsupported() {
        return new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public void onAcceptCancelSm(CancelSm c, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession source) throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession source)
            throws ProcessRequestException {
        throw unsupported();
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm d, Session source) throws ProcessRequestException {
        throw unsupported();
    }
}
