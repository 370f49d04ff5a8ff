package io.familymeeting.media.rar;

import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.SignalListener;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

/**
 * Activation of a message-driven bean on the media adapter: a bean implementing
 * {@link SignalListener} gets signaling document changes, one implementing
 * {@link MediaEventListener} gets media events. There are no properties to set.
 */
@Activation(messageListeners = {SignalListener.class, MediaEventListener.class})
public class MediaActivationSpec implements ActivationSpec, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private transient ResourceAdapter resourceAdapter;

    @Override
    public void validate() throws InvalidPropertyException {
        // nothing to validate
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = ra;
    }
}
