package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A line this package keeps without typing it ({@code i=}, {@code u=}, {@code e=},
 * {@code p=}, {@code b=}, {@code r=}, {@code z=}, {@code k=}); written back unchanged.
 */
public record SdpLine(char type, String value) {
    public SdpLine {
        Objects.requireNonNull(value, "value");
    }

    /**
     * RFC 8866 §5: the order of the untyped session-level lines ({@code t=} here: a repeated one;
     * an {@code r=} stays with the {@code t=} before it, so the two rank alike).
     */
    static final String SESSION_ORDER = "iuepbtzk";
    /** RFC 8866 §5: the order of the untyped media-level lines. */
    static final String MEDIA_ORDER = "ibk";

    /**
     * The lines in the grammar's order by type (keeping the order of lines of one type), as the
     * writer puts them: a description read back from what was written equals the one written.
     */
    static List<SdpLine> inGrammarOrder(List<SdpLine> lines, String order) {
        List<SdpLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingInt(l -> order.indexOf(l.type() == 'r' ? 't' : l.type())));
        return List.copyOf(sorted);
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
