package io.familymeeting.media.api;

/**
 * The resource adapter's event delivery to the signaling beans, since it started: what its
 * bounded queues could not take and how often a room was read again instead. Signal events
 * dropped are not lost (their room gets a resync once its queue drains); media events dropped
 * are (a participant's "connected" or "failed" is then seen only by the reaper or the client).
 *
 * @param signalEventsDropped signal events not queued because the queue was full (or closed)
 * @param resyncs             rooms read again after their signal events overflowed
 * @param mediaEventsDropped  media events not queued because the queue was full (or closed)
 * @param pending             events waiting in both queues now
 */
public record DeliveryCounts(long signalEventsDropped, long resyncs, long mediaEventsDropped, int pending)
        implements java.io.Serializable {

    /** Nothing delivered yet, or no adapter to ask. */
    public static final DeliveryCounts NONE = new DeliveryCounts(0, 0, 0, 0);

    /** One line for people, e.g. on the console. */
    public String summary() {
        return "signal events dropped " + signalEventsDropped + " (rooms read again " + resyncs
                + "), media events dropped " + mediaEventsDropped + ", pending " + pending;
    }
}
