package dev.lovage.client.internal;

import dev.lovage.client.PublishRetryPolicy;
import dev.lovage.worker.BrokerException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kombu's {@code retry_over_time} for publishing: a broker connection error is retried as the policy says, any
 * other error fails at once, and the last connection error is rethrown saying what could not be done, where, and how
 * often it was tried. Thread-safe.
 */
final class PublishRetry {
    private static final Logger log = LoggerFactory.getLogger(PublishRetry.class);
    private final String broker;

    PublishRetry(String broker) {
        this.broker = broker;
    }

    void run(String what, PublishRetryPolicy policy, Runnable action) {
        for (int retries = 0; ; retries++) {
            try {
                action.run();
                return;
            } catch (BrokerException e) {
                if (!e.isConnectionError()) {
                    throw e;
                }
                if (retries >= policy.maxRetries()) {
                    throw new BrokerException("could not " + what + ": the broker " + broker + " is unreachable"
                            + (policy.maxRetries() == 0 ? "" : " after " + policy.maxRetries() + " retries "
                            + "(task_publish_retry_policy)") + ": " + e.getMessage(), e, true);
                }
                Duration wait = policy.interval(retries);
                log.warn("Retrying to {} ({}/{}, waiting {} s): {}", what, retries + 1, policy.maxRetries(),
                        wait.toMillis() / 1000.0, e.getMessage());
                sleep(wait);
            }
        }
    }

    private static void sleep(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting to publish again", e, true);
        }
    }
}
