package io.familymeeting.web.api;

import io.familymeeting.signaling.access.JoinClaims;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.store.firestore.CustomTokens;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The application's one {@link CustomTokens} (a firebase-admin app with the server's
 * credentials), opened at the first token exchange and closed with the application; nothing
 * is opened on servers that never exchange a token (embedded store, open mode).
 */
@ApplicationScoped
public class FirebaseCustomTokens {
    @Inject
    private SignalingRuntime runtime;

    private CustomTokens tokens;

    /** @throws IllegalStateException when firebase-admin cannot be opened or cannot make the token */
    public synchronized CustomTokens.Minted mint(JoinClaims claims) {
        if (tokens == null) {
            tokens = CustomTokens.open(runtime.settings());
        }
        return tokens.mint(claims);
    }

    @PreDestroy
    synchronized void close() {
        if (tokens != null) {
            tokens.close();
            tokens = null;
        }
    }
}
