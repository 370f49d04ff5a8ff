package io.familymeeting.signaling.schema;

import java.util.Set;

/**
 * Every field name of the signaling documents, once. The documents and who writes what
 * (browsers write only their own documents and never a server field; the security rules in
 * docker/firestore/firestore.rules enforce it on Firestore, the REST API's checks on the
 * embedded store):
 *
 * <pre>
 * rooms/{roomId}                         client: title, uid (its creator); state "ended" (creator only)
 *                                        server: state (open | idle | ended), idleAt, createdAt, updatedAt,
 *                                                keyHash (REST API, embedded store: the creator's room key)
 * rooms/{roomId}/participants/{id}       client: name, role, offer {type, sdp, rev}, leave, uid
 *                                        server: answer {type, sdp, rev}, state, error, errorRev,
 *                                                renegotiate, slots {audio, video}, server,
 *                                                answeredAt, createdAt, updatedAt,
 *                                                identity, keyHash (REST API, embedded store: the
 *                                                join token's sub, the participant key's hash)
 * rooms/{roomId}/roster/{id}             server: name, role, state (a participant's, for the room)
 * rooms/{roomId}/cameras/{cameraId}      client: url, transport, mode, user, password
 *                                        server: state, error, fps, bitrateBps, videoCodec,
 *                                                audioCodec, createdAt, updatedAt
 * broadcast_requests/{id}                client: requestor, kind, parent, offer, answer (""), abort, uid
 *                                        server: answer, state, error, server, answeredAt, endedAt
 * servers/{instanceId}                   server: heartbeatAt, state, role, capacity, load, rooms,
 *                                                engineRooms, participants, mediaPort,
 *                                                advertisedAddresses, engineRunning, error
 * claims/{collection}:{id}               server: room, owner, leaseExpiresAt
 * config/access                          server: mode, legacyBroadcastRequests, server, updatedAt
 * </pre>
 *
 * {@link #NEVER_SHOWN} fields stay on the server: the REST API and its streams leave them out.
 *
 * The words these fields hold are in {@link Values}; the collections and document paths in
 * {@link Paths}. Not the rules a value must follow (the services check those).
 */
public final class Fields {
    // ---- several documents

    /** The document's lifecycle word ({@link Values}{@code .STATE_*}). */
    public static final String STATE = "state";
    /** Why the server refused or ended the document; {@code ""} when nothing is wrong. */
    public static final String ERROR = "error";
    /** The instance that answered the document (participants, broadcast_requests). */
    public static final String SERVER = "server";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String ANSWERED_AT = "answeredAt";
    /** When a broadcast or one of its participants ended (broadcast_requests). */
    public static final String ENDED_AT = "endedAt";
    /** The participant's (native) or request's (broadcast_requests) offer. */
    public static final String OFFER = "offer";
    /** The server's answer to {@link #OFFER}. */
    public static final String ANSWER = "answer";
    /**
     * The Firebase Auth uid of the browser that created the document (rooms, participants,
     * broadcast_requests): on Firestore the security rules let only that user read or change
     * it. The original family-meeting client writes none (LEGACY_BROADCAST_REQUESTS).
     */
    public static final String UID = "uid";
    /**
     * SHA-256 of the secret that proves who holds the document (rooms: the creator's room
     * key; participants: the participant key), written by the embedded store's REST API
     * ({@code access.RoomAccess}); never returned, never streamed ({@link #NEVER_SHOWN}).
     */
    public static final String KEY_HASH = "keyHash";
    /** Fields the REST API and its live streams never show to a client. */
    public static final Set<String> NEVER_SHOWN = Set.of(KEY_HASH);

    // ---- rooms/{roomId}

    public static final String TITLE = "title";
    /** When the owner marked the room idle (nobody in it); null once it is open again. */
    public static final String IDLE_AT = "idleAt";

    // ---- rooms/{roomId}/participants/{participantId}

    public static final String NAME = "name";
    /**
     * A participant's {@code presenter} | {@code viewer} ({@code ParticipantRole.wireName()});
     * on {@code servers/*} the instance's ROLE setting (monitor | broadcast | both).
     */
    public static final String ROLE = "role";
    /**
     * The {@code sub} of the join token a participant joined with (ACCESS_MODE=token); written
     * by the embedded store's REST API ({@code access.RoomAccess}). A valid token for the room
     * with the same identity is, like the participant key, its holder's proof.
     */
    public static final String IDENTITY = "identity";
    /** The offer rev an error belongs to, so the same broken offer is not retried. */
    public static final String ERROR_REV = "errorRev";
    /** Client-written {@code true}: the participant leaves. */
    public static final String LEAVE = "leave";
    /** Server-raised: the client should send a new offer (rev + 1). */
    public static final String RENEGOTIATE = "renegotiate";
    /**
     * Server-written with {@link #RENEGOTIATE}: the receive slots a viewer needs in all,
     * {@code {audio: n, video: m}} (the last need the media engine reported; left in place
     * after the answer, a client that has that many does nothing).
     */
    public static final String SLOTS = "slots";
    public static final String SLOTS_AUDIO = "audio";
    public static final String SLOTS_VIDEO = "video";

    // ---- the offer / answer maps of a native participant

    /** {@code offer} | {@code answer} ({@link Values#TYPE_OFFER}, {@link Values#TYPE_ANSWER}). */
    public static final String TYPE = "type";
    public static final String SDP = "sdp";
    /** The offer's revision (1, 2, ...); an answer carries the rev it answers. */
    public static final String REV = "rev";

    // ---- broadcast_requests/{id} (the family-meeting web client's flat collection)

    /** The display name of the person who wrote the request. */
    public static final String REQUESTOR = "requestor";
    /** {@link Values#KIND_BROADCASTER} | {@link Values#KIND_PARTICIPANT}. */
    public static final String KIND = "kind";
    /** {@code ""} for a broadcaster; the broadcaster's document id for a participant. */
    public static final String PARENT = "parent";
    /** Client-written {@code true}: ends that broadcast (with its participants) or participant. */
    public static final String ABORT = "abort";

    // ---- rooms/{roomId}/cameras/{cameraId}

    /** {@code rtsp://} URL of the camera. */
    public static final String URL = "url";
    /** {@link Values#TRANSPORT_TCP} (default) | {@link Values#TRANSPORT_UDP}. */
    public static final String TRANSPORT = "transport";
    public static final String USER = "user";
    /** Never shown back by the REST API or the console. */
    public static final String PASSWORD = "password";
    /**
     * A camera's {@link Values#MODE_ALWAYS_ON} (default) | {@link Values#MODE_ON_DEMAND}; in
     * {@code config/access} the server's ACCESS_MODE ({@link Values#ACCESS_OPEN} | {@link Values#ACCESS_TOKEN}).
     */
    public static final String MODE = "mode";
    public static final String FPS = "fps";
    public static final String BITRATE_BPS = "bitrateBps";
    public static final String VIDEO_CODEC = "videoCodec";
    public static final String AUDIO_CODEC = "audioCodec";

    // ---- servers/{instanceId} (one writer: that instance's heartbeat)

    public static final String HEARTBEAT_AT = "heartbeatAt";
    /** MAX_BROADCASTS: how many rooms the instance takes. */
    public static final String CAPACITY = "capacity";
    /** How many rooms the instance owns. */
    public static final String LOAD = "load";
    /** The paths of the rooms the instance owns (informational: the claims decide). */
    public static final String ROOMS = "rooms";
    public static final String ENGINE_ROOMS = "engineRooms";
    /** How many participants the instance's media engine serves. */
    public static final String PARTICIPANTS = "participants";
    public static final String MEDIA_PORT = "mediaPort";
    public static final String ADVERTISED_ADDRESSES = "advertisedAddresses";
    public static final String ENGINE_RUNNING = "engineRunning";

    // ---- config/access (the server's access settings, read by the Firestore security rules)

    /** LEGACY_BROADCAST_REQUESTS: {@link Values#ACCESS_OPEN} | {@link Values#LEGACY_OFF}. */
    public static final String LEGACY_BROADCAST_REQUESTS = "legacyBroadcastRequests";

    // ---- claims/{collection}:{id} (instances only)

    /** The path of the claimed room ({@code rooms/{id}} or {@code broadcast_requests/{id}}). */
    public static final String ROOM = "room";
    /** The instance holding the room; {@code ""} when released. */
    public static final String OWNER = "owner";
    /** When the owner's lease runs out unless renewed. */
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";

    private Fields() {
    }
}
