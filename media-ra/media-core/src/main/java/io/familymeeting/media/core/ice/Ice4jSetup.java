package io.familymeeting.media.core.ice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import org.ice4j.ice.AgentConfig;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.HarvestConfig;
import org.ice4j.ice.harvest.MappingCandidateHarvesters;
import org.ice4j.util.BufferPool;
import org.jitsi.config.JitsiConfig;

import kotlin.Unit;

/**
 * One-time, JVM-wide configuration of ice4j, applied before the first ice4j {@code Agent} or
 * harvester exists. ice4j reads its settings from Typesafe Config, where system properties
 * override its {@code reference.conf}; we set the properties below (unless the operator set
 * them with {@code -D}), reload ice4j's config, then verify the result.
 *
 * <ul>
 *   <li>No mapping harvesters: AWS metadata probing, STUN mapping servers and static mappings
 *       are all off, so creating an agent never touches the network (advertised public
 *       addresses are added per agent by {@link MediaPort} instead).</li>
 *   <li>One socket per single-port harvester (socket pool size 1, no SO_REUSEADDR), so the
 *       media port is owned exclusively and released by one close.</li>
 *   <li>Push API: non-STUN datagrams go straight from the single reader thread to the
 *       component's callback (no per-peer reader threads, no per-packet copies in ice4j's
 *       socket layers), with buffers from {@link IceBufferPool}.</li>
 *   <li>Consent freshness (RFC 7675 §5.1): a check every 5 s on average, randomized
 *       0.8–1.2; one transaction retransmits every 500 ms, at most 5 times.</li>
 * </ul>
 *
 * <p>It does not configure per-agent settings (role, timeouts): see {@link IceTransport}.
 */
final class Ice4jSetup {
    private static final Logger LOG = Logger.getLogger(Ice4jSetup.class.getName());

    /** Property → value; each applied only if not already set on the command line. */
    static final Map<String, String> PROPERTIES = properties();

    private static boolean done;
    /**
     * ice4j logs every agent's state changes at INFO: a few lines per participant, too many for
     * a server. Its loggers are quieted to WARNING unless the operator configured a level;
     * kept here so the configured Logger objects are not collected.
     */
    private static final Logger[] QUIETED = {Logger.getLogger("org.ice4j"), Logger.getLogger("org.jitsi")};

    private Ice4jSetup() {
    }

    private static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        // The AWS harvester probes cloud metadata at start-up (an HTTP request off the machine).
        p.put("ice4j.harvest.mapping.aws.enabled", "false");
        p.put("ice4j.harvest.mapping.aws.force", "false");
        // Host addresses found for a wildcard bind: never link-local ones.
        p.put("ice4j.harvest.use-link-local-addresses", "false");
        // One socket per harvester: no SO_REUSEADDR sibling sockets on our port.
        p.put("ice4j.harvest.udp.socket-pool-size", "1");
        // Agents only use the shared single-port harvesters, never ephemeral host sockets.
        p.put("ice4j.harvest.udp.use-dynamic-ports", "false");
        // RFC 7675 §5.1: consent checks every 5 s on average, randomized 0.8-1.2.
        p.put("ice4j.consent-freshness.interval", "5 seconds");
        p.put("ice4j.consent-freshness.randomize-interval", "true");
        p.put("ice4j.consent-freshness.original-wait-interval", "500 milliseconds");
        p.put("ice4j.consent-freshness.max-wait-interval", "500 milliseconds");
        p.put("ice4j.consent-freshness.max-retransmissions", "5");
        // RFC 8489 §14.14: SOFTWARE is optional; do not advertise the stack.
        p.put("ice4j.software", "");
        return p;
    }

    /** Applies the configuration once; later calls return at once. */
    static synchronized void ensureConfigured() {
        if (done) {
            return;
        }
        for (Logger l : QUIETED) {
            if (l.getLevel() == null) {
                l.setLevel(java.util.logging.Level.WARNING);
            }
        }
        for (Map.Entry<String, String> e : PROPERTIES.entrySet()) {
            if (System.getProperty(e.getKey()) == null) {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        // ice4j's config may have been loaded already (another ice4j user in this JVM).
        JitsiConfig.Companion.reloadNewConfig();

        HarvestConfig harvest = HarvestConfig.config;
        if (harvest.enableAwsHarvester()
                || !harvest.stunMappingCandidateHarvesterAddresses().isEmpty()
                || !harvest.getStaticMappings().isEmpty()) {
            throw new IllegalStateException("ice4j is configured (application.conf or -D) with "
                    + "mapping harvesters (AWS / STUN / static mappings); they must be off: "
                    + "advertise public addresses through MediaPortConfig instead");
        }
        // Builds ice4j's JVM-wide mapping harvester list now, while it is empty; later config
        // changes cannot add network probes.
        MappingCandidateHarvesters.initialize();
        if (MappingCandidateHarvesters.getHarvesters().length != 0) {
            throw new IllegalStateException("ice4j mapping harvesters were initialized before "
                    + "family-meeting configured ice4j: "
                    + MappingCandidateHarvesters.getHarvesters().length + " present");
        }

        AbstractUdpListener.USE_PUSH_API = true;
        BufferPool.getBuffer = IceBufferPool::get;
        BufferPool.returnBuffer = buffer -> {
            IceBufferPool.release(buffer);
            return Unit.INSTANCE;
        };
        done = true;
        LOG.fine(() -> "ice4j configured: socket pool " + harvest.udpSocketPoolSize()
                + ", consent interval " + AgentConfig.config.getConsentFreshnessInterval());
    }
}
