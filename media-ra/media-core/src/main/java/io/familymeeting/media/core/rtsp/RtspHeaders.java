package io.familymeeting.media.core.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of one RTSP message (RFC 2326 §12), in order, names compared without
 * case (RFC 2326 §4.2 follows HTTP/1.1 §4.2). Not a parser of any one header's value.
 */
public final class RtspHeaders {
    private final List<String[]> fields = new ArrayList<>();

    public RtspHeaders add(String name, String value) {
        fields.add(new String[] {name, value});
        return this;
    }

    /** Appends every field of another set, in order. */
    public RtspHeaders addAll(RtspHeaders other) {
        fields.addAll(other.fields);
        return this;
    }

    /** The first value of this header, or null. */
    public String get(String name) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                return f[1];
            }
        }
        return null;
    }

    /** Every value of this header, in order (WWW-Authenticate may appear once per scheme). */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /** The integer value of a header, or {@code fallback} when absent or not a number. */
    public int getInt(String name, int fallback) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    int size() {
        return fields.size();
    }

    void appendTo(StringBuilder sb) {
        for (String[] f : fields) {
            sb.append(f[0]).append(": ").append(f[1]).append("\r\n");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String[] f : fields) {
            sb.append(f[0].toLowerCase(Locale.ROOT)).append('=').append(f[1]).append(' ');
        }
        return sb.toString().trim();
    }
}
