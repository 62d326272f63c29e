package dev.lovage.worker;

import java.time.Duration;

/** All waiting in the runtime goes through this, so tests can run without real sleeps. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    void sleep(Duration duration);
}
