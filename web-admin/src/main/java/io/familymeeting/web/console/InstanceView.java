package io.familymeeting.web.console;

import java.util.List;

/**
 * This instance as the console shows it: identity, load against capacity, the media
 * socket and the state the health checks report (live: engine threads alive; ready:
 * port bound, store connected and not draining), and what the media port refused
 * ({@code droppedPackets}, by cause in {@code dropSummary}), and how the delivery of events
 * to the signaling beans fares ({@code eventDelivery}: dropped, rooms read again, pending).
 */
public record InstanceView(String id, String version, String role, String backend, String state,
                           int rooms, int capacity, int participants, boolean engineRunning,
                           int mediaPort, boolean mediaPortBound, List<String> advertisedAddresses,
                           boolean live, boolean ready, long droppedPackets, String dropSummary, String eventDelivery,
                           String error) {

    /** Rooms over capacity, in percent (may pass 100 when rooms were joined directly). */
    public int getLoadPercent() {
        return capacity <= 0 ? 0 : Math.round(100f * rooms / capacity);
    }
}
