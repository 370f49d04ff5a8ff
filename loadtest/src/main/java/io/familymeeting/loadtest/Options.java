package io.familymeeting.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's command line ({@code --name value}; {@link #usage()} lists them). Bad input
 * fails with a message naming the option.
 */
public record Options(String server, String baseUrl, String janusUrl, int rooms, int presenters, int viewers,
                      Duration duration, Duration connectTimeout, int joinConcurrency, int joinRate, int threads,
                      int dtlsThreads, String localAddress, String roomPrefix, Path json, long serverPid) {

    public static String usage() {
        return String.join("\n",
                "java -jar loadtest.jar [options]",
                "  --server ours|janus        signaling (default ours)",
                "  --base-url URL             ours: the server's root (default http://127.0.0.1:8080)",
                "  --janus-url URL            janus: the HTTP API (default http://127.0.0.1:8088/janus)",
                "  --rooms R                  rooms (default 1)",
                "  --presenters K             presenters per room (default 1)",
                "  --viewers N                viewers per room (default 10)",
                "  --duration S               measured seconds once everyone joined (default 30)",
                "  --connect-timeout S        per client: signaling to SRTP keys (default 30)",
                "  --join-concurrency C       joins in flight at once (default 8)",
                "  --join-rate J              viewers joining per second at most (default 0: no limit)",
                "  --threads T                selector threads (default: cores)",
                "  --dtls-threads D           DTLS handshake pool (default 4)",
                "  --local-address IP         the clients' address (default 127.0.0.1)",
                "  --room-prefix P            room names P0, P1, ... (default lt-<random>-)",
                "  --json FILE                also write the result as JSON to FILE",
                "  --server-pid PID           sample this process's CPU, RSS and threads over the window");
    }

    public static Options parse(String... args) {
        String server = "ours";
        String baseUrl = "http://127.0.0.1:8080";
        String janusUrl = "http://127.0.0.1:8088/janus";
        int rooms = 1;
        int presenters = 1;
        int viewers = 10;
        int duration = 30;
        int connectTimeout = 30;
        int joinConcurrency = 8;
        int joinRate = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        int dtlsThreads = 4;
        String local = "127.0.0.1";
        String prefix = "lt-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        Path json = null;
        long pid = -1;
        List<String> a = new ArrayList<>(List.of(args));
        for (int i = 0; i < a.size(); i++) {
            String name = a.get(i);
            if (name.equals("--help") || name.equals("-help") || name.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (i + 1 >= a.size()) {
                throw new IllegalArgumentException(name + " needs a value\n" + usage());
            }
            String v = a.get(++i);
            switch (name) {
                case "--server" -> server = v;
                case "--base-url" -> baseUrl = v;
                case "--janus-url" -> janusUrl = v;
                case "--rooms" -> rooms = positive(name, v);
                case "--presenters" -> presenters = positive(name, v);
                case "--viewers" -> viewers = nonNegative(name, v);
                case "--duration" -> duration = positive(name, v);
                case "--connect-timeout" -> connectTimeout = positive(name, v);
                case "--join-concurrency" -> joinConcurrency = positive(name, v);
                case "--join-rate" -> joinRate = nonNegative(name, v);
                case "--threads" -> threads = positive(name, v);
                case "--dtls-threads" -> dtlsThreads = positive(name, v);
                case "--local-address" -> local = v;
                case "--room-prefix" -> prefix = v;
                case "--json" -> json = Path.of(v);
                case "--server-pid" -> pid = positive(name, v);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage());
            }
        }
        if (!server.equals("ours") && !server.equals("janus")) {
            throw new IllegalArgumentException("--server must be 'ours' or 'janus', got '" + server + "'");
        }
        return new Options(server, baseUrl, janusUrl, rooms, presenters, viewers, Duration.ofSeconds(duration),
                Duration.ofSeconds(connectTimeout), joinConcurrency, joinRate, threads, dtlsThreads, local, prefix, json, pid);
    }

    private static int positive(String name, String v) {
        int n = nonNegative(name, v);
        if (n == 0) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
        return n;
    }

    private static int nonNegative(String name, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number >= 0, got '" + v + "'");
        }
    }
}
