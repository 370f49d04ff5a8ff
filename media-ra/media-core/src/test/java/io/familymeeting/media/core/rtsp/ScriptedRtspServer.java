package io.familymeeting.media.core.rtsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An RTSP server whose answers the test writes, for what GStreamer's RTSP server cannot be
 * made to do (redirect a DESCRIBE to another server, challenge on a chosen request). It
 * records every connection and every request with its headers, and answers each request
 * with the script's status line, headers and body (CSeq added). Binds one loopback address,
 * serves each connection on a daemon thread, and closes everything on {@link #close}.
 */
final class ScriptedRtspServer implements AutoCloseable {
    /** One request as received: method, URI and headers (names in lower case). */
    record Request(String method, String uri, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final Function<Request, String> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * @param script for each request, the response without CSeq: {@code "RTSP/1.0 200 OK\r\nPublic: ...\r\n"},
     *               optionally followed by an empty line and a body
     */
    ScriptedRtspServer(InetAddress address, Function<Request, String> script) throws IOException {
        this.server = new ServerSocket(0, 10, address);
        this.script = script;
        Thread acceptor = new Thread(this::accept, "scripted-rtsp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        String host = server.getInetAddress().getHostAddress();
        return "rtsp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-rtsp-connection");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] requestLine = line.split(" ");
                Map<String, String> headers = new LinkedHashMap<>();
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                Request r = new Request(requestLine[0], requestLine[1], headers);
                requests.add(r);
                out.write(response(script.apply(r), headers.get("cseq")).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The scripted response with CSeq and Content-Length, CRLF line ends. */
    private static String response(String scripted, String cseq) {
        String text = scripted.replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        StringBuilder sb = new StringBuilder();
        for (String l : head.strip().split("\n")) {
            sb.append(l).append("\r\n");
        }
        sb.append("CSeq: ").append(cseq).append("\r\n");
        byte[] bodyBytes = body.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        if (bodyBytes.length > 0) {
            sb.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        sb.append("\r\n").append(new String(bodyBytes, StandardCharsets.ISO_8859_1));
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
