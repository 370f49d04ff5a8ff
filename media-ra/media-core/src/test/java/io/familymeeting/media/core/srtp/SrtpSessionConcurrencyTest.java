package io.familymeeting.media.core.srtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One thread receives while others send on the same session (the documented threading contract). */
@Timeout(60)
class SrtpSessionConcurrencyTest {

    @Test
    void receiveAndSendDirectionsRunConcurrently() throws Exception {
        SrtpSession.warmUp();
        byte[] material = new byte[SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()];
        new Random(1).nextBytes(material);
        SrtpMasterKeys ours = SrtpMasterKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, material, false);
        SrtpSession session = new SrtpSession(ours);            // the session under test
        SrtpSession peer = new SrtpSession(ours.mirrored());    // the participant's end

        int packets = 5000;
        // Packets the peer sent to us, protected up front.
        byte[][] incoming = new byte[packets][];
        int[] incomingLength = new int[packets];
        for (int i = 0; i < packets; i++) {
            incoming[i] = rtp(i, 0xAAAA0001, 64 + 16);
            incomingLength[i] = peer.protectRtp(incoming[i], 0, 12 + 64);
        }

        ExecutorService pool = Executors.newFixedThreadPool(3);
        CompletableFuture<Integer> receiver = CompletableFuture.supplyAsync(() -> {
            int ok = 0;
            for (int i = 0; i < packets; i++) {
                if (session.unprotectRtp(incoming[i], 0, incomingLength[i]) == 12 + 64) {
                    ok++;
                }
            }
            return ok;
        }, pool);
        // Two forwarding threads, each sending its own SSRC to the participant.
        CompletableFuture<byte[][]> senderA = CompletableFuture.supplyAsync(() -> sendAll(session, 0xBBBB0001, packets), pool);
        CompletableFuture<byte[][]> senderB = CompletableFuture.supplyAsync(() -> sendAll(session, 0xBBBB0002, packets), pool);

        assertThat(receiver.get(30, TimeUnit.SECONDS)).isEqualTo(packets);
        for (byte[][] sent : new byte[][][] {senderA.get(30, TimeUnit.SECONDS), senderB.get(30, TimeUnit.SECONDS)}) {
            for (int i = 0; i < packets; i++) {
                int len = peer.unprotectRtp(sent[i], 0, 12 + 64 + 16);
                assertThat(len).isEqualTo(12 + 64);
                assertThat(sent[i][12]).isEqualTo((byte) i);
            }
        }
        pool.shutdownNow();
    }

    private static byte[][] sendAll(SrtpSession session, int ssrc, int packets) {
        byte[][] out = new byte[packets][];
        for (int i = 0; i < packets; i++) {
            out[i] = rtp(i, ssrc, 64 + 16);
            int len = session.protectRtp(out[i], 0, 12 + 64);
            if (len != 12 + 64 + 16) {
                throw new AssertionError("protect failed: " + SrtpStatus.describe(len));
            }
        }
        return out;
    }

    private static byte[] rtp(int seq, int ssrc, int bodyAndRoom) {
        byte[] b = new byte[12 + bodyAndRoom];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[8] = (byte) (ssrc >>> 24); b[9] = (byte) (ssrc >>> 16); b[10] = (byte) (ssrc >>> 8); b[11] = (byte) ssrc;
        Arrays.fill(b, 12, 12 + 64, (byte) seq);
        return b;
    }
}
