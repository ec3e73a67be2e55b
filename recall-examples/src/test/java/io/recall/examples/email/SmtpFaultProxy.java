package io.recall.examples.email;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server on loopback that misbehaves on demand: it relays every SMTP session to GreenMail, command
 * by command, and answers for GreenMail where a fault is set for a recipient (a 550 at RCPT, a 451, a 421 and a
 * closed channel, a 554 after the data) or holds back or cuts what GreenMail said (no answer after the data, a
 * connection dropped after or during the data). GreenMail stays the judge of what was delivered.
 */
final class SmtpFaultProxy implements Closeable {

    /** What the server does with a transaction for a recipient. */
    enum Fault {
        /** 550 5.1.1 at RCPT TO. */
        REJECT_MAILBOX,
        /** 451 4.3.0 at RCPT TO. */
        TEMPORARY,
        /** 450 4.7.1 at RCPT TO: throttled. */
        THROTTLE,
        /** 421 4.3.2 at RCPT TO, then the connection is closed: the server is going down. */
        SHUTDOWN,
        /** The data is read but refused with 554 5.7.1 (content); GreenMail never sees it. */
        REJECT_CONTENT,
        /** GreenMail takes the message; its 250 is never passed on, the connection held open. */
        HOLD_AFTER_DATA,
        /** GreenMail takes the message; the connection is dropped instead of passing its 250 on. */
        DROP_AFTER_DATA,
        /** The connection is dropped halfway through the data, before the end-of-data marker. */
        DROP_DURING_DATA
    }

    private static final Pattern ADDRESS = Pattern.compile("<([^>]*)>");

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket server;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Duration greetingDelay = Duration.ZERO;

    SmtpFaultProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "smtp-fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sets (or, with null, clears) the fault for transactions to {@code recipient}. */
    void fault(String recipient, Fault fault) {
        String key = recipient.toLowerCase(Locale.ROOT);
        if (fault == null) {
            faults.remove(key);
        } else {
            faults.put(key, fault);
        }
    }

    /** Delays the greeting of every new connection, as an overloaded server does. */
    void greetingDelay(Duration delay) {
        this.greetingDelay = delay;
    }

    /** How many connections clients opened. */
    int connections() {
        return connections.get();
    }

    /** Drops every open connection, as a server does with idle clients. */
    void dropConnections() {
        open.forEach(SmtpFaultProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        closeQuietly(server);
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> relay(client), "smtp-fault-proxy-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        try (client; Socket upstream = new Socket(upstreamHost, upstreamPort)) {
            open.add(upstream);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
            OutputStream toServer = new BufferedOutputStream(upstream.getOutputStream());
            String greeting = reply(fromServer);
            if (!greetingDelay.isZero()) {
                Thread.sleep(greetingDelay.toMillis());
            }
            write(toClient, greeting);
            Fault dataFault = null;
            String line;
            while ((line = line(fromClient)) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("RCPT TO:")) {
                    Matcher m = ADDRESS.matcher(line);
                    Fault fault = m.find() ? faults.get(m.group(1).toLowerCase(Locale.ROOT)) : null;
                    if (fault == Fault.REJECT_MAILBOX) {
                        write(toClient, "550 5.1.1 <" + m.group(1) + ">: Recipient address rejected: User unknown\r\n");
                        continue;
                    } else if (fault == Fault.TEMPORARY) {
                        write(toClient, "451 4.3.0 Temporary local problem, please try again later\r\n");
                        continue;
                    } else if (fault == Fault.THROTTLE) {
                        write(toClient, "450 4.7.1 Too many messages, slow down\r\n");
                        continue;
                    } else if (fault == Fault.SHUTDOWN) {
                        write(toClient, "421 4.3.2 Service shutting down, closing transmission channel\r\n");
                        return;
                    } else if (fault != null) {
                        dataFault = fault;
                    }
                } else if (command.startsWith("MAIL FROM:") || command.equals("RSET")) {
                    dataFault = null;
                } else if (command.equals("DATA")) {
                    if (dataFault == Fault.REJECT_CONTENT) {
                        write(toClient, "354 End data with <CR><LF>.<CR><LF>\r\n");
                        while (!".".equals(line(fromClient))) {
                            // read and drop the content
                        }
                        write(toServer, "RSET\r\n");
                        reply(fromServer);
                        write(toClient, "554 5.7.1 Message rejected: content refused by policy\r\n");
                        dataFault = null;
                        continue;
                    }
                    write(toServer, "DATA\r\n");
                    String go = reply(fromServer);
                    write(toClient, go);
                    if (!go.startsWith("354")) {
                        continue;
                    }
                    int lines = 0;
                    String content;
                    while ((content = line(fromClient)) != null) {
                        if (dataFault == Fault.DROP_DURING_DATA && ++lines == 5) {
                            return;   // both connections close: the server holds an incomplete message
                        }
                        toServer.write((content + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (content.equals(".")) {
                            toServer.flush();
                            break;
                        }
                    }
                    String done = reply(fromServer);
                    if (dataFault == Fault.DROP_AFTER_DATA) {
                        return;
                    } else if (dataFault == Fault.HOLD_AFTER_DATA) {
                        client.setSoTimeout(30_000);
                        while (line(fromClient) != null) {
                            // never answer; wait for the client to give up
                        }
                        return;
                    }
                    write(toClient, done);
                    dataFault = null;
                    continue;
                }
                write(toServer, line + "\r\n");
                write(toClient, reply(fromServer));
                if (command.equals("QUIT")) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // a side hung up; the session is over
        } finally {
            open.remove(client);
        }
    }

    /** One reply, all its lines, with their CRLFs. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = line(in);
            if (line == null) {
                throw new SocketException("server closed the connection");
            }
            all.append(line).append("\r\n");
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString();
    }

    /** One line without its CRLF, bytes kept as they are (ISO-8859-1); null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            buffer.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing to end a session
        }
    }
}
