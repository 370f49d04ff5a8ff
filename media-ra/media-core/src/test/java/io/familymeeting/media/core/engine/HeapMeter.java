package io.familymeeting.media.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap measurements for the memory tests: the heap still in use after full collections
 * ({@link #retainedBytes}) and the bytes the calling thread allocated so far
 * ({@link #allocatedBytes}, HotSpot's {@code com.sun.management.ThreadMXBean}).
 */
final class HeapMeter {
    private static final int COLLECTIONS = 5;

    private HeapMeter() {
    }

    /**
     * Heap in use after {@value #COLLECTIONS} {@code System.gc()} calls: the smallest reading,
     * so that what other threads allocate between two collections does not count.
     */
    static long retainedBytes() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Bytes allocated by the calling thread since it started, or -1 when the JVM cannot tell. */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
