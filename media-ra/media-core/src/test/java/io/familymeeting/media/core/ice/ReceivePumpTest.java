package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ice4j.util.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceivePumpTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 40001);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private static Buffer datagram(InetSocketAddress from, int tag) {
        Buffer b = IceBufferPool.get(3);
        b.getBuffer()[0] = (byte) 0x80;
        b.getBuffer()[1] = (byte) tag;
        b.getBuffer()[2] = (byte) ~tag;
        b.setRemoteAddress(from);
        return b;
    }

    @Test
    void deliversAuthorizedDatagramsInOrderAndQueuesThoseBeforeStart() throws Exception {
        ReceivePump pump = new ReceivePump(16);
        pump.authorize(PEER);
        pump.handleBuffer(datagram(PEER, 1)); // before start: waits in the queue
        PacketCollector collector = new PacketCollector();
        pump.start(collector, executor);
        pump.handleBuffer(datagram(PEER, 2));
        assertThat(collector.awaitCount(2, 2_000)).isTrue();
        assertThat(collector.packets).extracting(p -> (int) p[1]).containsExactly(1, 2);
        assertThat(collector.packets.get(0)).containsExactly(0x80, 1, ~1);
        assertThat(pump.receivedPackets()).isEqualTo(2);
        assertThatThrownBy(() -> pump.start(collector, executor)).isInstanceOf(IllegalStateException.class);
        pump.close();
    }

    @Test
    void holdsDatagramsFromAnAddressUntilItsPairSucceeds() throws Exception {
        ReceivePump pump = new ReceivePump(64);
        PacketCollector collector = new PacketCollector();
        pump.start(collector, executor);
        for (int i = 0; i < ReceivePump.MAX_HELD + 5; i++) {
            pump.handleBuffer(datagram(OTHER, i));
        }
        Thread.sleep(200);
        assertThat(collector.packets).isEmpty();
        pump.authorize(OTHER);
        assertThat(collector.awaitCount(ReceivePump.MAX_HELD, 2_000)).isTrue();
        Thread.sleep(100);
        // The first MAX_HELD were held, the overflow dropped.
        assertThat(collector.packets).hasSize(ReceivePump.MAX_HELD);
        assertThat(collector.packets.get(0)[1]).isEqualTo((byte) 0);
        assertThat(collector.packets.get(ReceivePump.MAX_HELD - 1)[1]).isEqualTo((byte) (ReceivePump.MAX_HELD - 1));
        assertThat(pump.droppedPackets()).isEqualTo(5);
        pump.close();
    }

    @Test
    void dropsArrivalsWhenTheQueueIsFullWithoutBlocking() {
        ReceivePump pump = new ReceivePump(4);
        for (int i = 0; i < 10; i++) {
            pump.handleBuffer(datagram(PEER, i));
        }
        assertThat(pump.droppedPackets()).isEqualTo(6);
        int idleBefore = IceBufferPool.idleCount();
        pump.close();
        // queued buffers went back (the pool is shared: a lingering thread of another test may return one too)
        assertThat(IceBufferPool.idleCount()).isGreaterThanOrEqualTo(idleBefore + 4);
        pump.handleBuffer(datagram(PEER, 99));
        assertThat(pump.droppedPackets()).isEqualTo(7);
    }

    @Test
    void aFailingHandlerDoesNotStopTheTask() throws Exception {
        ReceivePump pump = new ReceivePump(8);
        pump.authorize(PEER);
        PacketCollector collector = new PacketCollector();
        pump.start((buf, off, len) -> {
            if (buf[off + 1] == 1) {
                throw new IllegalStateException("bad packet");
            }
            collector.onPacket(buf, off, len);
        }, executor);
        pump.handleBuffer(datagram(PEER, 1));
        pump.handleBuffer(datagram(PEER, 2));
        assertThat(collector.awaitCount(1, 2_000)).isTrue();
        assertThat(collector.packets.get(0)[1]).isEqualTo((byte) 2);
        pump.close();
        long deadline = System.currentTimeMillis() + 3_000;
        while (pump.isRunning() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pump.isRunning()).isFalse();
    }
}
