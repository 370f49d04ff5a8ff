package io.familymeeting.loadtest.peer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client needs from the server's SDP (RFC 8866), read line by line: ICE credentials
 * (RFC 8839 §5.4), the first UDP candidate, the DTLS fingerprints and setup (RFC 8122 §5,
 * RFC 5763 §5), ice-lite, and per media section its kind, mid, direction, formats, SSRCs and
 * header extension ids (RFC 8285 §5). Not a validating parser: the server is trusted to send
 * what its own parser accepts; a missing mandatory line fails with a clear message.
 */
public final class RemoteDescription {
    public final String ufrag;
    public final String pwd;
    public final List<String> fingerprints;
    public final String setup;
    public final boolean iceLite;
    public final InetSocketAddress candidate;
    public final List<Section> sections;
    public final List<String> bundle;

    /** One m= section. */
    public static final class Section {
        public final String kind;
        public final int port;
        public String mid = "";
        public String direction = "sendrecv";
        public final List<Integer> formats = new ArrayList<>();
        /** Payload type to "name/clock[/channels]" (a=rtpmap). */
        public final Map<Integer, String> rtpmap = new HashMap<>();
        /** Header extension URI to id (a=extmap). */
        public final Map<String, Integer> extmap = new HashMap<>();
        public final List<Long> ssrcs = new ArrayList<>();

        Section(String kind, int port) {
            this.kind = kind;
            this.port = port;
        }

        /** The payload type of a codec ("VP8", "opus"), or -1. */
        public int payloadType(String codec) {
            for (int pt : formats) {
                String map = rtpmap.get(pt);
                if (map != null && map.toLowerCase(Locale.ROOT).startsWith(codec.toLowerCase(Locale.ROOT) + "/")) {
                    return pt;
                }
            }
            return -1;
        }

        public int extensionId(String uri) {
            return extmap.getOrDefault(uri, 0);
        }
    }

    private RemoteDescription(String ufrag, String pwd, List<String> fingerprints, String setup, boolean iceLite,
                              InetSocketAddress candidate, List<Section> sections, List<String> bundle) {
        this.ufrag = ufrag;
        this.pwd = pwd;
        this.fingerprints = fingerprints;
        this.setup = setup;
        this.iceLite = iceLite;
        this.candidate = candidate;
        this.sections = sections;
        this.bundle = bundle;
    }

    public static RemoteDescription parse(String sdp) {
        String ufrag = null;
        String pwd = null;
        String setup = null;
        boolean lite = false;
        InetSocketAddress candidate = null;
        List<String> fingerprints = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        Section current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                String[] f = line.substring(2).split(" ");
                current = new Section(f[0], Integer.parseInt(f[1]));
                for (int i = 3; i < f.length; i++) {
                    if (f[i].chars().allMatch(Character::isDigit)) { // RTP payload types; not "webrtc-datachannel"
                        current.formats.add(Integer.parseInt(f[i]));
                    }
                }
                sections.add(current);
            } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = value(line);
            } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = value(line);
            } else if (line.equals("a=ice-lite")) {
                lite = true;
            } else if (line.startsWith("a=fingerprint:")) {
                String fp = value(line);
                if (!fingerprints.contains(fp)) {
                    fingerprints.add(fp);
                }
            } else if (line.startsWith("a=setup:") && setup == null) {
                setup = value(line);
            } else if (line.startsWith("a=group:BUNDLE")) {
                bundle.addAll(List.of(line.substring("a=group:BUNDLE".length()).trim().split(" +")));
            } else if (line.startsWith("a=candidate:") && candidate == null) {
                // foundation component transport priority address port typ type ... (RFC 8839 §5.1)
                String[] f = value(line).split(" ");
                if (f.length >= 8 && f[2].equalsIgnoreCase("udp")) {
                    candidate = new InetSocketAddress(f[4], Integer.parseInt(f[5]));
                }
            } else if (current != null) {
                if (line.startsWith("a=mid:")) {
                    current.mid = value(line);
                } else if (line.equals("a=sendonly") || line.equals("a=recvonly") || line.equals("a=sendrecv")
                        || line.equals("a=inactive")) {
                    current.direction = line.substring(2);
                } else if (line.startsWith("a=rtpmap:")) {
                    String v = value(line);
                    int sp = v.indexOf(' ');
                    current.rtpmap.put(Integer.parseInt(v.substring(0, sp)), v.substring(sp + 1));
                } else if (line.startsWith("a=extmap:")) {
                    String[] f = value(line).split(" ");
                    String id = f[0].contains("/") ? f[0].substring(0, f[0].indexOf('/')) : f[0];
                    current.extmap.put(f[1], Integer.parseInt(id));
                } else if (line.startsWith("a=ssrc:")) {
                    long ssrc = Long.parseLong(value(line).split(" ")[0]);
                    if (!current.ssrcs.contains(ssrc)) {
                        current.ssrcs.add(ssrc);
                    }
                }
            }
        }
        if (ufrag == null || pwd == null) {
            throw new IllegalArgumentException("the server's SDP has no a=ice-ufrag / a=ice-pwd:\n" + sdp);
        }
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("the server's SDP has no a=fingerprint:\n" + sdp);
        }
        if (candidate == null) {
            throw new IllegalArgumentException("the server's SDP has no UDP a=candidate:\n" + sdp);
        }
        return new RemoteDescription(ufrag, pwd, List.copyOf(fingerprints), setup, lite, candidate, sections, bundle);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }
}
