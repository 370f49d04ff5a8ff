package io.familymeeting.web.console;

import io.familymeeting.media.api.ParticipantRole;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The room page link of an invitation: the page next to the API ({@code /meeting/api/} ->
 * {@code /meeting/room.html}), room and role in the query, auto-join, and the join token in
 * the fragment, which browsers never send to a server (js/room.js reads it there).
 */
final class InviteLink {
    /** The room page, relative to the application's root. */
    static final String ROOM_PAGE = "room.html";

    private InviteLink() {
    }

    static String path(String apiBasePath, String roomId, ParticipantRole role, String token) {
        String root = URI.create(apiBasePath).resolve("..").getPath();
        return root + ROOM_PAGE + "?room=" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "&role=" + role.wireName()
                + "&auto=1#token=" + token;
    }
}
