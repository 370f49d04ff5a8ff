package io.familymeeting.media.rar;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the engine's tasks (media receive loops, the RTCP timer, DTLS handshakes, event
 * deliveries) as {@code Work} on the container's {@link WorkManager}, so every media thread is
 * a container-managed thread: the resource adapter owns every media thread, and client
 * libraries' callbacks only enqueue (docs/design.md, data flow).
 */
final class WorkExecutor implements Executor {
    private final WorkManager workManager;

    WorkExecutor(WorkManager workManager) {
        this.workManager = workManager;
    }

    @Override
    public void execute(Runnable task) {
        try {
            workManager.scheduleWork(new Work() {
                @Override
                public void run() {
                    task.run();
                }

                @Override
                public void release() {
                    // The engine ends its loops itself when it is closed.
                }
            }, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            throw new RejectedExecutionException("the WorkManager refused a media task: " + e.getMessage(), e);
        }
    }
}
