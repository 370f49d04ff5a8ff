package io.familymeeting.media.api;

/** What a participant does in a room: a presenter publishes media, a viewer receives it. */
public enum ParticipantRole {
    PRESENTER,
    VIEWER;

    /** Parses the document form ({@code "presenter"} / {@code "viewer"}, any case). */
    public static ParticipantRole parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("role is missing");
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "presenter", "broadcaster", "publisher" -> PRESENTER;
            case "viewer", "participant", "subscriber" -> VIEWER;
            default -> throw new IllegalArgumentException("unknown role '" + text + "'");
        };
    }

    /** The document form of this role. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
