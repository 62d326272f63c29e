package dev.lovage.worker;

/**
 * How task bodies are run ({@code worker_pool}, {@code -P}).
 *
 * @since 0.1
 */
public enum WorkerPool {
    /** One virtual thread per task, at most {@code worker_concurrency} running: the default, best for I/O. */
    VIRTUAL,
    /** A fixed pool of {@code worker_concurrency} platform threads: for CPU-bound tasks. */
    THREADS
}
