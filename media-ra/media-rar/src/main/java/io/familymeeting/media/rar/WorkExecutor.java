package io.familymeeting.media.rar;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs event deliveries to the message-driven beans ({@link KeyedDelivery}) as {@code Work} on
 * the container's {@link WorkManager}, so the beans run on container-managed threads; client
 * libraries' callbacks only enqueue (docs/design.md, data flow). The engine's long-running
 * media work has threads of its own ({@link MediaWorkers}), so it never holds up delivery.
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
            throw new RejectedExecutionException("the WorkManager refused a delivery task: " + e.getMessage(), e);
        }
    }
}
