package io.familymeeting.media.rar;

import io.familymeeting.media.api.DeliveryCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.api.SignalListener;
import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.SfuEngine;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;

import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The media adapter: owns the SFU engine (its UDP port and media threads) for the lifetime of
 * the deployment. {@link #start} binds the port and starts the engine's loops on its own bounded
 * threads ({@link MediaWorkers}), while events reach the beans as {@code Work} ({@link Endpoints});
 * {@link #stop} closes every participant, the port and the loops. Applications reach it
 * through {@link io.familymeeting.media.api.MediaConnectionFactory} (outbound) and receive
 * {@link SignalEvent}s and {@link MediaEvent}s as message-driven beans (inbound).
 *
 * <p>The config properties are the defaults; environment variables / system properties
 * ({@code MEDIA_PORT}, ...) override them ({@link MediaSettings}).
 */
@Connector(displayName = "family-meeting media adapter", vendorName = "family-meeting",
        eisType = "WebRTC media", version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class MediaResourceAdapter implements ResourceAdapter, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MediaResourceAdapter.class.getName());
    /** Default bound on events waiting for a message-driven bean ({@code MEDIA_MAX_PENDING_EVENTS}). */
    static final int DEFAULT_MAX_PENDING_EVENTS = 10_000;

    @ConfigProperty(defaultValue = "10000", description = "UDP media port shared by every participant")
    private Integer mediaPort = EngineConfig.DEFAULT_MEDIA_PORT;
    @ConfigProperty(defaultValue = "0.0.0.0", description = "address the media socket binds to")
    private String bindAddress = "0.0.0.0";
    @ConfigProperty(defaultValue = "", description = "comma-separated addresses advertised in answers")
    private String advertisedAddresses = "";
    @ConfigProperty(defaultValue = "4194304", description = "SO_RCVBUF of the media socket")
    private Integer receiveBufferBytes = EngineConfig.DEFAULT_SOCKET_BUFFER_BYTES;
    @ConfigProperty(defaultValue = "4194304", description = "SO_SNDBUF of the media socket")
    private Integer sendBufferBytes = EngineConfig.DEFAULT_SOCKET_BUFFER_BYTES;
    @ConfigProperty(defaultValue = "30000", description = "ICE consent timeout (RFC 7675)")
    private Integer consentTimeoutMillis = 30_000;
    @ConfigProperty(defaultValue = "false",
            description = "receive and send RTP on separate threads joined by bounded queues (EXPERIMENT_RTP_SEP_RW)")
    private Boolean separateSendThreads = false;
    @ConfigProperty(defaultValue = "",
            description = "comma-separated CIDR networks remote ICE candidates may be in although loopback, "
                    + "link-local, multicast or unspecified (MEDIA_ALLOWED_CANDIDATE_NETWORKS)")
    private String allowedCandidateNetworks = "";
    @ConfigProperty(defaultValue = "false",
            description = "also refuse remote ICE candidates in private ranges (MEDIA_BLOCK_PRIVATE_CANDIDATES)")
    private Boolean blockPrivateCandidates = false;
    @ConfigProperty(defaultValue = "",
            description = "comma-separated CIDR blocks cameras may be in despite the target rules (CAMERA_ALLOWED_NETWORKS)")
    private String cameraAllowedNetworks = "";

    private transient volatile SfuEngine engine;
    private transient volatile Endpoints endpoints;
    private transient volatile ExecutorService workers;
    private transient volatile String startError = "";

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        WorkManager workManager = ctx.getWorkManager();
        Executor work = new WorkExecutor(workManager);
        EngineConfig config;
        int workerThreads;
        int maxPending;
        try {
            MediaSettings settings = MediaSettings.fromSystem();
            config = settings.engineConfig(this);
            workerThreads = settings.workerThreads();
            maxPending = settings.maxPendingEvents();
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("media adapter configuration: " + e.getMessage(), e);
        }
        // Events to the beans on the WorkManager; the engine's loops, handshakes and cameras on
        // threads of their own, so delivery never waits behind media.
        Endpoints eps = new Endpoints(work, maxPending);
        ExecutorService mediaWorkers = MediaWorkers.create(workerThreads);
        SfuEngine e = new SfuEngine(config, eps::mediaEvent, mediaWorkers);
        try {
            e.start();
        } catch (IOException | RuntimeException ex) {
            startError = "the media engine could not start on UDP " + config.bindAddress() + ":" + config.mediaPort()
                    + ": " + ex.getMessage();
            LOG.log(Level.SEVERE, startError, ex);
            e.close();
            MediaWorkers.stop(mediaWorkers);
            throw new ResourceAdapterInternalException(startError, ex);
        }
        this.endpoints = eps;
        this.workers = mediaWorkers;
        this.engine = e;
        LOG.info(() -> "media adapter started: UDP " + config.mediaPort() + ", at most " + workerThreads
                + " media threads, " + config.forwardingThreads() + " forwarding threads, " + maxPending + " pending events"
                + (config.cameraAllowedNetworks().isEmpty() ? "" : "; cameras also allowed in " + config.cameraAllowedNetworks()));
    }

    @Override
    public void stop() {
        SfuEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
        ExecutorService w = workers;
        workers = null;
        if (w != null) {
            MediaWorkers.stop(w);
        }
        Endpoints eps = endpoints;
        if (eps != null) {
            eps.close();
        }
        LOG.info("media adapter stopped; UDP port released");
    }

    /** The running engine, or null when not started. */
    SfuEngine engine() {
        return engine;
    }

    /** The event delivery's counts; {@link DeliveryCounts#NONE} when not started. */
    DeliveryCounts deliveryCounts() {
        Endpoints eps = endpoints;
        return eps == null ? DeliveryCounts.NONE : eps.counts();
    }

    String startError() {
        return startError;
    }

    void enqueueSignal(SignalEvent event) {
        Endpoints eps = endpoints;
        if (eps == null || !eps.signal(event)) {
            LOG.warning(() -> "signal event for " + event.path() + " dropped: the media adapter is not accepting events");
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        Endpoints eps = endpoints;
        if (eps == null) {
            throw new ResourceException("the media adapter is not started");
        }
        Class<?> bean = factory.getEndpointClass();
        boolean any = false;
        if (bean == null || SignalListener.class.isAssignableFrom(bean)) {
            eps.addSignalEndpoint(factory);
            any = true;
        }
        if (bean == null || MediaEventListener.class.isAssignableFrom(bean)) {
            eps.addMediaEndpoint(factory);
            any = true;
        }
        if (!any) {
            throw new ResourceException(bean + " implements neither SignalListener nor MediaEventListener");
        }
        LOG.info(() -> "message endpoint activated: " + (bean == null ? "?" : bean.getName()));
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Endpoints eps = endpoints;
        if (eps != null) {
            eps.remove(factory);
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // --- config properties (JavaBean accessors the container calls) --------------------------

    public Integer getMediaPort() {
        return mediaPort;
    }

    public void setMediaPort(Integer mediaPort) {
        this.mediaPort = mediaPort;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getAdvertisedAddresses() {
        return advertisedAddresses;
    }

    public void setAdvertisedAddresses(String advertisedAddresses) {
        this.advertisedAddresses = advertisedAddresses;
    }

    public Integer getReceiveBufferBytes() {
        return receiveBufferBytes;
    }

    public void setReceiveBufferBytes(Integer receiveBufferBytes) {
        this.receiveBufferBytes = receiveBufferBytes;
    }

    public Integer getSendBufferBytes() {
        return sendBufferBytes;
    }

    public void setSendBufferBytes(Integer sendBufferBytes) {
        this.sendBufferBytes = sendBufferBytes;
    }

    public Integer getConsentTimeoutMillis() {
        return consentTimeoutMillis;
    }

    public void setConsentTimeoutMillis(Integer consentTimeoutMillis) {
        this.consentTimeoutMillis = consentTimeoutMillis;
    }

    public Boolean getSeparateSendThreads() {
        return separateSendThreads;
    }

    public void setSeparateSendThreads(Boolean separateSendThreads) {
        this.separateSendThreads = separateSendThreads;
    }

    public String getAllowedCandidateNetworks() {
        return allowedCandidateNetworks;
    }

    public void setAllowedCandidateNetworks(String allowedCandidateNetworks) {
        this.allowedCandidateNetworks = allowedCandidateNetworks;
    }

    public Boolean getBlockPrivateCandidates() {
        return blockPrivateCandidates;
    }

    public void setBlockPrivateCandidates(Boolean blockPrivateCandidates) {
        this.blockPrivateCandidates = blockPrivateCandidates;
    }

    public String getCameraAllowedNetworks() {
        return cameraAllowedNetworks;
    }

    public void setCameraAllowedNetworks(String cameraAllowedNetworks) {
        this.cameraAllowedNetworks = cameraAllowedNetworks;
    }

    // One adapter instance per deployment: identity equality, as JCA 1.6 §5.3.1 allows.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
