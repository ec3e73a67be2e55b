package io.recall.examples.email.internal;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Socket factories that remember the last socket they made, so the adapter can cut a send that overruns its
 * deadline by closing the socket (Angus Mail has per-read timeouts but no overall one).
 *
 * <p>Two kinds, because Angus treats an {@link SSLSocketFactory} as one that speaks TLS from the start:
 * {@link #plain()} for SMTP (STARTTLS layers TLS over the recorded socket, so closing it still cuts the
 * session) and {@link #tls(SSLSocketFactory)} for SMTPS.
 */
public final class SocketRecorder {

    private final AtomicReference<Socket> last = new AtomicReference<>();

    /** Closes the last socket made, if any; a thread blocked on it gets an I/O error. */
    public void closeLast() {
        Socket socket = last.get();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing to unblock a reader: nothing more to do if it fails
            }
        }
    }

    private Socket remember(Socket socket) {
        last.set(socket);
        return socket;
    }

    /** A plain socket factory that records its sockets. */
    public SocketFactory plain() {
        SocketFactory d = SocketFactory.getDefault();
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return remember(d.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return remember(d.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return remember(d.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    /** A TLS socket factory over {@code d} that records its sockets. */
    public SSLSocketFactory tls(SSLSocketFactory d) {
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return remember(d.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return remember(d.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return remember(d.createSocket(address, port, localAddress, localPort));
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return remember(d.createSocket(s, host, port, autoClose));
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return d.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return d.getSupportedCipherSuites();
            }
        };
    }
}
