package io.familymeeting.media.api;

/**
 * Receives media events. Message-driven beans implement this interface to be driven by
 * the resource adapter's inbound side; the engine also uses it for its owner.
 * Implementations must not block for long: they run on the media adapter's delivery work.
 */
public interface MediaEventListener {
    void onMediaEvent(MediaEvent event);
}
