package io.familymeeting.media.rar;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The outbound connection definition: applications get a {@link MediaConnectionFactory}
 * (through {@code @ConnectionFactoryDefinition} or an admin-created resource) whose
 * connections are thin handles on the adapter's one engine. There is nothing to pool but
 * the handles themselves, so every managed connection is interchangeable.
 */
@ConnectionDefinition(connectionFactory = MediaConnectionFactory.class,
        connectionFactoryImpl = MediaConnectionFactoryImpl.class,
        connection = MediaConnection.class,
        connectionImpl = MediaConnectionHandle.class)
public class MediaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {
    private static final long serialVersionUID = 1L;

    private transient MediaResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager cm) {
        return new MediaConnectionFactoryImpl(this, cm);
    }

    @Override
    public Object createConnectionFactory() {
        return new MediaConnectionFactoryImpl(this, null);
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new MediaManagedConnection(this);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        for (Object c : connections) {
            if (c instanceof MediaManagedConnection mc && mc.factory() == this) {
                return mc;
            }
        }
        return null;
    }

    MediaResourceAdapter adapter() throws ResourceException {
        if (resourceAdapter == null) {
            throw new ResourceException("the media connection factory is not associated with the media adapter");
        }
        return resourceAdapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof MediaResourceAdapter m)) {
            throw new ResourceException("not the media adapter: " + ra);
        }
        this.resourceAdapter = m;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
