package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpSession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test listener: records each event once and lets the test wait for it. */
final class RecordingListener implements DtlsListener {
    final CompletableFuture<SrtpSession> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final AtomicInteger events = new AtomicInteger();

    @Override
    public void onConnected(SrtpSession session) {
        events.incrementAndGet();
        connected.complete(session);
    }

    @Override
    public void onFailed(String reason) {
        events.incrementAndGet();
        failed.complete(reason);
    }

    @Override
    public void onClosed() {
        events.incrementAndGet();
        closed.complete(null);
    }

    SrtpSession awaitConnected() throws Exception {
        return connected.get(20, TimeUnit.SECONDS);
    }

    String awaitFailed() throws Exception {
        return failed.get(20, TimeUnit.SECONDS);
    }

    void awaitClosed() throws Exception {
        closed.get(10, TimeUnit.SECONDS);
    }
}
