package io.familymeeting.loadtest.signaling;

import java.time.Duration;

/**
 * The signaling named on the command line: {@code ours} ({@link RestSignaling}) or {@code janus},
 * whose class ({@value #JANUS_CLASS}, constructor taking the VideoRoom HTTP API's URL) is loaded
 * by name so this module builds without it.
 */
public final class Signalings {
    static final String JANUS_CLASS = "io.familymeeting.loadtest.janus.JanusSignaling";

    private Signalings() {
    }

    public static Signaling create(String server, String baseUrl, String janusUrl, Duration answerTimeout) {
        switch (server) {
            case "ours":
                return new RestSignaling(baseUrl, answerTimeout);
            case "janus":
                try {
                    return (Signaling) Class.forName(JANUS_CLASS).getConstructor(String.class).newInstance(janusUrl);
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("--server janus needs " + JANUS_CLASS + " on the class path", e);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot make " + JANUS_CLASS + "(" + janusUrl + "): " + e, e);
                }
            default:
                throw new IllegalArgumentException("--server must be 'ours' or 'janus', got '" + server + "'");
        }
    }
}
