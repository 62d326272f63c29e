package dev.lovage.worker.testing;

import dev.lovage.worker.ResultBackend;

final class InMemoryResultBackendTest extends ResultBackendContract {
    private final InMemoryResultBackend backend = new InMemoryResultBackend();

    @Override
    protected ResultBackend backend() {
        return backend;
    }
}
