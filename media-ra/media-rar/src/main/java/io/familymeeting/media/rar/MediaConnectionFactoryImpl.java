package io.familymeeting.media.rar;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaConnectionFactory;
import io.familymeeting.media.api.MediaException;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.io.Serializable;

/** What applications look up: hands out {@link MediaConnection} handles through the pool. */
public class MediaConnectionFactoryImpl implements MediaConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final transient MediaManagedConnectionFactory mcf;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    MediaConnectionFactoryImpl(MediaManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.connectionManager = cm;
    }

    @Override
    public MediaConnection getConnection() throws MediaException {
        try {
            if (connectionManager == null) {
                return (MediaConnection) mcf.createManagedConnection(null, null).getConnection(null, null);
            }
            return (MediaConnection) connectionManager.allocateConnection(mcf, null);
        } catch (ResourceException e) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "no connection to the media engine: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
