package io.familymeeting.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST + SSE signaling API of the web client, under {@code /meeting/api}. */
@ApplicationPath("api")
public class MeetingApi extends Application {
}
