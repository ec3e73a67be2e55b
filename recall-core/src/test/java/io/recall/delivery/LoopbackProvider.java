package io.recall.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake provider on a loopback socket, for the crash test: one request per connection, a line
 * {@code SEND <idempotency key>}, answered {@code OK <provider id>} after a short delay (so a sender killed
 * at a random moment is often waiting for it). It takes every request it reads (so a request whose answer
 * never arrives was still delivered), deduplicating by key when told to, and can be armed to stop at its
 * n-th request: hold the answer back, or answer and then report, so the test can kill the sender at that
 * moment. Each request is tagged with the generation (the sender's life) current when its connection was
 * accepted.
 */
final class LoopbackProvider implements AutoCloseable {

    /** What to do at the armed request. */
    enum Mode {
        /** Take the message but never answer: the sender dies waiting. */
        HOLD,
        /** Take the message and answer; the sender dies right after, maybe before recording it. */
        ANSWER
    }

    /**
     * One request as the provider saw it.
     *
     * @param index      1-based, counting every request
     * @param key        its idempotency key
     * @param generation the generation current when its connection was accepted
     * @param answered   whether the answer was written (by the time of the snapshot)
     */
    record Request(int index, String key, int generation, boolean answered) {
    }

    private static final long GUARD_SECONDS = 120;

    private final ServerSocket server;
    private final boolean deduplicates;
    private final Duration answerDelay;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Integer> delivered = new HashMap<>();
    private final Map<String, String> providerIds = new HashMap<>();
    private volatile int generation;
    private CountDownLatch firstOfGeneration = new CountDownLatch(1);
    private int unread; // accepted connections whose request line is not read yet
    private int armedAt = -1;
    private Mode mode = Mode.HOLD;
    private CountDownLatch reached = new CountDownLatch(1);
    private CountDownLatch released = new CountDownLatch(1);

    LoopbackProvider(boolean deduplicates) throws IOException {
        this(deduplicates, Duration.ZERO);
    }

    LoopbackProvider(boolean deduplicates, Duration answerDelay) throws IOException {
        this.deduplicates = deduplicates;
        this.answerDelay = answerDelay;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "loopback-provider");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Tags the connections accepted from now on with {@code g}: the test sets it before starting a sender.
     *
     * @return a latch released at the first request of the generation
     */
    synchronized CountDownLatch generation(int g) {
        generation = g;
        firstOfGeneration = new CountDownLatch(1);
        return firstOfGeneration;
    }

    /** Stops at the {@code n}-th request (1-based, counting every request so far). */
    synchronized CountDownLatch arm(int n, Mode how) {
        armedAt = n;
        mode = how;
        reached = new CountDownLatch(1);
        released = new CountDownLatch(1);
        return reached;
    }

    /** Lets a held request's connection close (its sender is dead by then). */
    synchronized void release() {
        released.countDown();
    }

    /** The keys of every request so far, in order. */
    synchronized List<String> requests() {
        return requests.stream().map(Request::key).toList();
    }

    /** Every request so far, in order, with whether it was answered yet. */
    synchronized List<Request> log() {
        return List.copyOf(requests);
    }

    /** How many times each key reached the customer: once per key when the provider deduplicates. */
    synchronized Map<String, Integer> delivered() {
        return Map.copyOf(delivered);
    }

    /** The provider id answered for a key (the first one when the provider deduplicates). */
    synchronized String providerId(String key) {
        return providerIds.get(key);
    }

    /**
     * Returns once every connection made before this call has had its request read, so {@link #log()} holds
     * every request of a sender that is dead by now: a connection of its own goes through the same FIFO accept
     * queue behind them.
     */
    void quiesce() throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 10_000);
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            out.write("PING\n");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!"PONG".equals(answer)) {
                throw new IllegalStateException("the provider answered " + answer + " to a ping");
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        synchronized (this) {
            while (unread > 0) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException(unread + " connections never sent their request (a hang guard)");
                }
                wait(100);
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int g = generation;
                synchronized (this) {
                    unread++;
                }
                Thread t = new Thread(() -> handle(s, g), "loopback-request");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket, int g) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            String line;
            try {
                line = in.readLine();
            } finally {
                synchronized (this) {
                    unread--;
                    notifyAll();
                }
            }
            if ("PING".equals(line)) {
                out.write("PONG\n");
                out.flush();
                return;
            }
            if (line == null || !line.startsWith("SEND ")) {
                return;
            }
            String key = line.substring(5);
            String answer;
            int index;
            boolean armed;
            Mode how;
            CountDownLatch reachedNow;
            CountDownLatch releasedNow;
            synchronized (this) {
                index = requests.size() + 1;
                requests.add(new Request(index, key, g, false));
                if (g == generation) {
                    firstOfGeneration.countDown();
                }
                if (!deduplicates || !delivered.containsKey(key)) {
                    delivered.merge(key, 1, Integer::sum);
                    providerIds.put(key, "p-" + index);
                }
                answer = "OK " + providerIds.get(key) + "\n";
                armed = index == armedAt;
                how = mode;
                reachedNow = reached;
                releasedNow = released;
            }
            if (armed && how == Mode.HOLD) {
                reachedNow.countDown();
                releasedNow.await(5, TimeUnit.MINUTES);
                return;
            }
            if (!answerDelay.isZero()) {
                Thread.sleep(answerDelay.toMillis());
            }
            out.write(answer);
            out.flush();
            synchronized (this) {
                requests.set(index - 1, new Request(index, key, g, true));
            }
            if (armed) {
                reachedNow.countDown();
            }
        } catch (IOException | InterruptedException e) {
            // the sender died mid-request: what the provider took stays taken
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
