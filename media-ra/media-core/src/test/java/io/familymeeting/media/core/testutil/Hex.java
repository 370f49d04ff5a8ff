package io.familymeeting.media.core.testutil;

import java.util.HexFormat;

/** Test helper: annotated hex ("90 6f # comment" lines) to bytes. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    public static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
