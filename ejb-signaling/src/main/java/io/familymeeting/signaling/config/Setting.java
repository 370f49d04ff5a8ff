package io.familymeeting.signaling.config;

/**
 * Every configuration knob the application reads, with its default. Values come from
 * MicroProfile Config, so an environment variable of the same name (the deployment's way)
 * or a system property sets each one; the README's configuration table lists these.
 *
 * <p>The media engine's own settings (port, addresses, buffers) are read by the resource
 * adapter under the same names ({@code io.familymeeting.media.rar.MediaSettings}).
 */
public enum Setting {
    APP_NAME("family-meeting", "Name of the application: the instance id prefix and the default telemetry service name."),
    APP_PORT("8080", "HTTP port of the meeting page, REST API, console and health checks."),
    RUN_TIME_ENV("development", "'production' requires console credentials and logs JSON."),
    INSTANCE_ID("", "This instance's id in servers/{id}; empty: APP_NAME-hostname-random."),
    SIGNALING_BACKEND("embedded", "'embedded' (in-process documents, REST + SSE) or 'firestore'."),
    ROLE("both", "'monitor', 'broadcast' or 'both': which scale-out roles this instance plays."),
    MAX_BROADCASTS("3", "Rooms (native rooms and broadcasts together) this instance owns at most."),
    GOOGLE_CLOUD_PROJECT("", "Google Cloud project of Firestore and Pub/Sub."),
    GOOGLE_APPLICATION_CREDENTIALS("", "Service-account key file; empty: workload identity / default credentials."),
    FIRESTORE_EMULATOR_HOST("", "host:port of a Firestore emulator (no credentials needed)."),
    PUBSUB_EMULATOR_HOST("", "host:port of a Pub/Sub emulator."),
    FIREBASE_API_KEY("", "Web API key of the Firebase project the browser pages use (served by GET /meeting/api/config); empty with an emulator."),
    FIREBASE_AUTH_DOMAIN("", "Firebase auth domain of the browser pages; empty: PROJECT.firebaseapp.com."),
    FIREBASE_PROJECT_ID("", "Firebase project of the browser pages; empty: GOOGLE_CLOUD_PROJECT."),
    FIREBASE_SIGN_IN("", "'anonymous' (Firebase anonymous sign-in, what the security rules need) or 'none'; empty: 'none' with an emulator, else 'anonymous'."),
    BROWSER_FIRESTORE_EMULATOR_HOST("", "host:port at which browsers reach the Firestore emulator; empty: FIRESTORE_EMULATOR_HOST."),
    FIREBASE_AUTH_EMULATOR_HOST("", "host:port of a Firebase Auth emulator (environment variable, read by firebase-admin): the Firebase custom tokens of ACCESS_MODE=token are then made unsigned, as that emulator accepts them. Tests only."),
    BROWSER_AUTH_EMULATOR_HOST("", "host:port of a Firebase Auth emulator the browser pages sign in at (FIREBASE_SIGN_IN=anonymous); empty: Firebase Auth itself."),
    LEGACY_BROADCAST_REQUESTS("", "'open': the original family-meeting client's broadcast_requests without uid are accepted (anyone who knows a broadcast's id may watch or abort it); 'off': refused by the Firestore rules and the server. Empty: 'off' with RUN_TIME_ENV=production, else 'open'."),
    PUBSUB_TOPIC("family-meeting-rooms", "Topic the monitor publishes unowned rooms to."),
    PUBSUB_SUBSCRIPTION("family-meeting-rooms-broadcast", "Shared subscription broadcast instances consume."),
    LEASE_SECONDS("30", "Lease of a claimed broadcast (firestore backend): renewed every third of it; another instance takes the room over once it runs out."),
    ROOM_IDLE_SECONDS("120", "A native room with no participant and no camera for this long is marked idle and its owner gives its place (one of MAX_BROADCASTS) back (firestore backend); the next participant opens it again."),
    MONITOR_SECONDS("5", "How often the monitor role scans for rooms and broadcasts nobody serves (new ones are dispatched at once)."),
    HEARTBEAT_SECONDS("10", "How often servers/{id} is refreshed."),
    REAP_AFTER_SECONDS("30", "Failed, refused (state error) or departed participants' documents are removed after this long."),
    CLEANUP_AFTER_SECONDS("3600", "Cleanup (every minute, monitor role): ended/aborted documents, broadcasts nobody claims, and servers/{id} without a heartbeat are deleted (with their sub-collections) after this long."),
    DRAIN_SECONDS("30", "On shutdown (SIGTERM) the instance drains: it waits at most this long for its rooms to end."),
    ADMIN_USER("admin", "Console user name."),
    ADMIN_PASSWORD("", "Console password; empty in development: 'admin'. Required in production."),
    ACCESS_MODE("", "'open' (any visitor may create and join rooms) or 'token' (every join carries a signed join token made by the console or the admin API); empty: 'token' with RUN_TIME_ENV=production, else 'open'."),
    ACCESS_TOKEN_SECRET("", "HS256 key join tokens are signed and verified with, at least 32 bytes (e.g. openssl rand -base64 48); or the ES256 key pair below. ACCESS_MODE=token without a key refuses to start."),
    ACCESS_TOKEN_PRIVATE_KEY("", "ES256 (P-256) private key join tokens are signed with: PKCS#8 PEM text or a file path; needs ACCESS_TOKEN_PUBLIC_KEY."),
    ACCESS_TOKEN_PUBLIC_KEY("", "ES256 public key (X.509 PEM text or a file path) join tokens are verified with; set alone, this server accepts tokens made elsewhere and issues none."),
    ACCESS_TOKEN_TTL_SECONDS("86400", "How long an invitation (join token) is valid when its maker does not say."),
    ACCESS_TOKEN_MAX_TTL_SECONDS("2592000", "The longest validity the console or admin API may ask for (30 days)."),
    ADMIN_API_KEY("", "Key for scripts: a request with the header Authorization: Bearer KEY is an admin's on /meeting/api/admin/* and (embedded store) the camera routes, like a console session; at least 32 characters; empty: console sessions only."),
    CONSOLE_LOGIN_MAX_FAILURES("5", "Failed console logins from one client address before its logins are refused (429 with Retry-After) for CONSOLE_LOGIN_LOCK_SECONDS."),
    CONSOLE_LOGIN_LOCK_SECONDS("300", "How long a client address that failed CONSOLE_LOGIN_MAX_FAILURES console logins stays locked out."),
    DISABLE_TELEMETRY("false", "'true' turns tracing and metrics export off."),
    OTEL_EXPORTER_OTLP_ENDPOINT("", "OTLP endpoint traces and metrics are exported to."),
    OTEL_SERVICE_NAME("", "Service name in telemetry; empty: APP_NAME."),
    EXPERIMENT_RTP_SEP_RW("false", "'true': the media engine receives and sends RTP on separate threads (send threads behind bounded queues; see docs/operations.md). Read by the resource adapter."),
    MEDIA_PORT("10000", "The one UDP port of every participant's ICE, DTLS and SRTP."),
    MEDIA_BIND_ADDRESS("0.0.0.0", "Local address the media socket binds to."),
    MEDIA_ADVERTISED_ADDRESSES("", "Comma-separated addresses put in answers (public / NAT 1:1); empty: the bound ones."),
    MEDIA_RECEIVE_BUFFER_BYTES("4194304", "SO_RCVBUF of the media socket."),
    MEDIA_SEND_BUFFER_BYTES("4194304", "SO_SNDBUF of the media socket."),
    MEDIA_MAX_AUDIO_SLOTS("1", "Audio m-lines of one participant that carry media (a viewer's receive slots, a presenter's tracks); further ones are answered rejected (port 0)."),
    MEDIA_MAX_VIDEO_SLOTS("4", "Video m-lines of one participant that carry media; further ones are answered rejected (port 0)."),
    MEDIA_MAX_MLINES("32", "m-lines one offer may have; an offer with more is refused (state error)."),
    MEDIA_MAX_ROOM_PARTICIPANTS("100", "Participants (presenters and viewers) of one room; one more is refused (state error)."),
    MEDIA_MAX_PARTICIPANTS("300", "Participants this instance's media engine serves in all rooms; one more is refused (state error)."),
    MEDIA_MAX_TRANSPORTS_PER_ADDRESS("20", "Connected participants from one source address (IPv4 address or IPv6 /64), so a household or office behind one NAT fits; one more is refused when its ICE connects (state error)."),
    MEDIA_MAX_ROOM_CAMERAS("4", "RTSP cameras of one room; one more is refused (state error on the camera document)."),
    MEDIA_ALLOWED_CANDIDATE_NETWORKS("", "Comma-separated CIDR networks remote ICE candidates and new STUN checks may come from although loopback, link-local, multicast or unspecified (refused otherwise); empty: loopback when MEDIA_BIND_ADDRESS is a loopback address."),
    MEDIA_BLOCK_PRIVATE_CANDIDATES("false", "'true' also refuses remote ICE candidates in private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) unless MEDIA_ALLOWED_CANDIDATE_NETWORKS lists them."),
    CAMERA_ALLOWED_NETWORKS("", "Comma-separated CIDR blocks (e.g. 127.0.0.1/32, 169.254.10.0/24) where cameras may be although the target rules refuse loopback, link-local, cloud metadata, unspecified, multicast and this server's own addresses. Read by the resource adapter.");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The property / environment variable name. */
    public String key() {
        return name();
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
