package io.familymeeting.signaling.runtime;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaConnectionFactory;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.RoomSnapshot;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.List;

/**
 * The media adapter's connection factory as this application finds it (inside the EAR, or
 * next to a standalone media-ra.rar), and the few questions the runtime asks the engine
 * outside a service: its snapshot, its rooms, how many rooms are left. Each call opens and
 * closes its own connection.
 *
 * <p>Not the definition of the standalone factory: that is the annotation on
 * {@link SignalingRuntime} (a resource definition needs a component class).
 */
public final class MediaAdapter {
    /**
     * The media connection factory inside the EAR: defined by the EAR's application.xml on
     * the embedded adapter {@code #media-ra} (an embedded RAR's name has its
     * application's name in front, and an annotation cannot say both names).
     */
    public static final String MEDIA_FACTORY_EAR = "java:app/family-meeting/media";
    /**
     * The media connection factory next to a standalone media-ra.rar (Payara Micro):
     * defined by the annotation on {@link SignalingRuntime}. Resource definitions are created
     * on first lookup, so inside the EAR this one is never created.
     */
    public static final String MEDIA_FACTORY_STANDALONE = "java:module/family-meeting/media";
    /** The media adapter's name when deployed as media-ra.rar. */
    public static final String RESOURCE_ADAPTER = "media-ra";

    private final MediaConnectionFactory factory;

    MediaAdapter(MediaConnectionFactory factory) {
        this.factory = factory;
    }

    /** The EAR's factory, else the standalone one. */
    static MediaAdapter lookup() {
        try {
            InitialContext ctx = new InitialContext();
            try {
                return new MediaAdapter((MediaConnectionFactory) ctx.lookup(MEDIA_FACTORY_EAR));
            } catch (NamingException notInAnEar) {
                return new MediaAdapter((MediaConnectionFactory) ctx.lookup(MEDIA_FACTORY_STANDALONE));
            }
        } catch (NamingException e) {
            throw new IllegalStateException("no media connection factory (is media-ra.rar deployed before web-admin.war?): "
                    + e.getMessage(), e);
        }
    }

    public MediaConnectionFactory factory() {
        return factory;
    }

    /** A new connection; the caller closes it. */
    public MediaConnection connect() throws MediaException {
        return factory.getConnection();
    }

    /** The engine's state, or null when it cannot be asked. */
    EngineSnapshot engine() {
        try (MediaConnection c = connect()) {
            return c.engine();
        } catch (MediaException e) {
            return null;
        }
    }

    /** The engine's rooms and counters (traffic metrics), or null when it cannot be asked. */
    List<RoomSnapshot> rooms() {
        try (MediaConnection c = connect()) {
            return c.rooms();
        } catch (MediaException e) {
            return null;
        }
    }

    /** Rooms the engine still serves, or 0 when it cannot be asked (then there is nothing left to wait for). */
    int roomsLeft() {
        try (MediaConnection c = connect()) {
            return c.engine().rooms();
        } catch (MediaException | RuntimeException e) {
            return 0;
        }
    }
}
