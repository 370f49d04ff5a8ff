package io.familymeeting.media.api;

/** Hands out connections to the media engine (the resource adapter's outbound side). */
public interface MediaConnectionFactory {
    MediaConnection getConnection() throws MediaException;
}
