package io.mlin.engine.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 for the fetch tests.
 * <ul>
 * <li>{@code /files/<name>}: the bytes registered under name, with Content-Length</li>
 * <li>{@code /slow/<name>}: the same, sent in 64 KiB pieces with a pause after each</li>
 * <li>{@code /chunked/<name>}: the same without Content-Length (chunked)</li>
 * <li>{@code /redirect/<name>}: 302 to {@code /files/<name>}</li>
 * <li>anything else: 404</li>
 * </ul>
 * Counts the requests per path and the bytes sent.
 */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final AtomicLong bytesSent = new AtomicLong();
    volatile long slowPauseMillis = 20;

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    void put(String name, byte[] content) {
        files.put(name, content);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String[] parts = path.split("/", 3);
            byte[] content = parts.length == 3 ? files.get(parts[2]) : null;
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            switch (parts[1]) {
                case "files":
                    exchange.sendResponseHeaders(200, content.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(content);
                    }
                    bytesSent.addAndGet(content.length);
                    break;
                case "slow":
                    exchange.sendResponseHeaders(200, content.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int off = 0; off < content.length; off += 65536) {
                            int n = Math.min(65536, content.length - off);
                            out.write(content, off, n);
                            out.flush();
                            bytesSent.addAndGet(n);
                            Thread.sleep(slowPauseMillis);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    break;
                case "chunked":
                    exchange.sendResponseHeaders(200, 0); // 0: chunked, no Content-Length
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(content);
                    }
                    bytesSent.addAndGet(content.length);
                    break;
                case "redirect":
                    exchange.getResponseHeaders().add("Location", "/files/" + parts[2]);
                    exchange.sendResponseHeaders(302, -1);
                    break;
                default:
                    exchange.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            // the client went away (an interrupted download): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
