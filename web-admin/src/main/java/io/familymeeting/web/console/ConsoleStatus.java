package io.familymeeting.web.console;

import java.util.List;
import java.util.Map;

/**
 * What the console's live refresh reads: the instance and its rooms at one moment (epoch
 * ms), and the bitrate history of the charts (key "total", "r:room" or "p:room/participant"
 * to samples [ms, in bps, out bps]).
 */
public record ConsoleStatus(long at, InstanceView instance, List<RoomView> rooms, Map<String, List<long[]>> history) {
}
