package io.familymeeting.system;

import java.net.URI;

/** A running family-meeting deployment (Payara Micro or Payara Server) on 127.0.0.1. */
interface MeetingServer extends AutoCloseable {
    /** http://127.0.0.1:PORT */
    URI base();

    int mediaPort();

    /** The last lines of the server log, for failure messages. */
    String logTail();

    default URI meeting(String path) {
        return base().resolve("/meeting/" + path);
    }

    default URI api(String path) {
        return base().resolve("/meeting/api/" + path);
    }

    @Override
    void close();
}
