package io.aimonitor.agent.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker Engine API server on a unix socket, enough for the collector: {@code /_ping}, {@code
 * /version}, {@code /containers/json} and {@code /containers/{id}/stats}, with keep-alive
 * connections, answering from canned JSON. Every request path is recorded.
 */
final class FakeDockerEngine implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, String> stats;
    private final String containers;
    private final Thread acceptor;

    FakeDockerEngine(Path socket, String containers, Map<String, String> statsById)
            throws IOException {
        this.socket = socket;
        this.containers = containers;
        this.stats = statsById;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "fake-docker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return "unix://" + socket.toAbsolutePath();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "fake-docker-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (client.read(buf) > 0) {
                pending.write(buf.array(), 0, buf.position());
                buf.clear();
                String text = pending.toString(StandardCharsets.ISO_8859_1);
                int end;
                while ((end = text.indexOf("\r\n\r\n")) >= 0) {
                    // GETs only: no request bodies to skip
                    String path = text.substring(0, text.indexOf("\r\n")).split(" ")[1];
                    requests.add(path);
                    respond(client, path);
                    text = text.substring(end + 4);
                }
                pending.reset();
                pending.write(text.getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException closed) {
            // the client went away
        }
    }

    private void respond(SocketChannel client, String path) throws IOException {
        String p = path.replaceFirst("^/v[0-9.]+", "");
        String body;
        int status = 200;
        if (p.startsWith("/_ping")) {
            body = "OK";
        } else if (p.startsWith("/version")) {
            body =
                    "{\"ApiVersion\":\"1.45\",\"Version\":\"26.1.0\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";
        } else if (p.startsWith("/containers/json")) {
            body = containers;
        } else if (p.startsWith("/containers/") && p.contains("/stats")) {
            String id = p.split("/")[2];
            body = stats.get(id);
            if (body == null) {
                status = 404;
                body = "{\"message\":\"No such container: " + id + "\"}";
            }
        } else {
            status = 404;
            body = "{\"message\":\"page not found\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 "
                        + status
                        + (status == 200 ? " OK" : " Not Found")
                        + "\r\n"
                        + "Content-Type: application/json\r\nApi-Version: 1.45\r\n"
                        + "Content-Length: "
                        + bytes.length
                        + "\r\n\r\n";
        client.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        client.write(ByteBuffer.wrap(bytes));
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
