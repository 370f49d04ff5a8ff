package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:[send <streams>] [recv <streams>]} (RFC 8853 §5.1). Each stream is
 * a list of alternative rids ({@code ,}); streams are separated by {@code ;}; a rid
 * prefixed with {@code ~} starts paused.
 */
public record Simulcast(List<SimulcastStream> send, List<SimulcastStream> recv) {

    /** One rid in a stream's alternatives. */
    public record RidRef(String rid, boolean paused) {
        public RidRef {
            Rid.checkId(rid);
        }

        public String text() {
            return paused ? "~" + rid : rid;
        }
    }

    /** One simulcast stream: its alternative rids, in preference order. */
    public record SimulcastStream(List<RidRef> alternatives) {
        public SimulcastStream {
            alternatives = List.copyOf(alternatives);
            if (alternatives.isEmpty()) {
                throw new SyntaxError("simulcast stream has no rid");
            }
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (RidRef r : alternatives) {
                sb.append(sb.length() == 0 ? "" : ",").append(r.text());
            }
            return sb.toString();
        }
    }

    public Simulcast {
        send = List.copyOf(send);
        recv = List.copyOf(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new SyntaxError("simulcast has neither send nor recv streams");
        }
    }

    static Simulcast parse(String text) {
        List<String> t = Tokens.split(text);
        if (t.size() != 2 && t.size() != 4) {
            throw new SyntaxError("simulcast must be 'send <rids>' and/or 'recv <rids>'");
        }
        List<SimulcastStream> send = null;
        List<SimulcastStream> recv = null;
        for (int i = 0; i < t.size(); i += 2) {
            String dir = t.get(i);
            List<SimulcastStream> streams = parseStreams(t.get(i + 1));
            if ("send".equals(dir) && send == null) {
                send = streams;
            } else if ("recv".equals(dir) && recv == null) {
                recv = streams;
            } else {
                throw new SyntaxError("simulcast direction must be 'send' or 'recv', once each");
            }
        }
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
    }

    private static List<SimulcastStream> parseStreams(String text) {
        List<SimulcastStream> out = new ArrayList<>();
        for (String stream : text.split(";", -1)) {
            List<RidRef> alts = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                alts.add(new RidRef(paused ? alt.substring(1) : alt, paused));
            }
            out.add(new SimulcastStream(alts));
        }
        return out;
    }

    private static String streamsText(List<SimulcastStream> streams) {
        StringBuilder sb = new StringBuilder();
        for (SimulcastStream s : streams) {
            sb.append(sb.length() == 0 ? "" : ";").append(s.text());
        }
        return sb.toString();
    }

    public String attributeValue() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) {
            sb.append("send ").append(streamsText(send));
        }
        if (!recv.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : " ").append("recv ").append(streamsText(recv));
        }
        return sb.toString();
    }
}
