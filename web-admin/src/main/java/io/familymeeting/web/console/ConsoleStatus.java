package io.familymeeting.web.console;

import java.util.List;

/** What the console's live refresh reads: the instance and its rooms, at one moment (epoch ms). */
public record ConsoleStatus(long at, InstanceView instance, List<RoomView> rooms) {
}
