package io.familymeeting.web.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirestoreRoutesOffTest {
    @Test
    void onFirestoreOnlyConfigTheTokenExchangeAndTheAdminApiAreServed() {
        for (String off : new String[] {"/api/rooms", "/api/rooms/r1", "/api/rooms/r1/participants/p1",
            "/api/rooms/r1/participants/p1/events", "/api/rooms/r1/events", "/api/rooms/r1/cameras/c1", "/api",
            "/api/", "/api/configuration", "/api/administrator", "/api/auth"}) {
            assertThat(FirestoreRoutesOff.isOff("firestore", off)).as(off).isTrue();
        }
        for (String on : new String[] {"/api/config", "/api/auth/firebase-token", "/api/admin/status",
            "/api/admin/rooms/r1/tokens", "/api/admin"}) {
            assertThat(FirestoreRoutesOff.isOff("firestore", on)).as(on).isFalse();
        }
    }

    @Test
    void theEmbeddedStoreServesEveryRoute() {
        assertThat(FirestoreRoutesOff.isOff("embedded", "/api/rooms/r1/participants/p1")).isFalse();
    }
}
