package dev.lovage.worker;

/**
 * The soft time limit of a task has passed (Celery's {@code SoftTimeLimitExceeded}). A task may catch it to clean up;
 * if it escapes, Python clients see {@code celery.exceptions.SoftTimeLimitExceeded}.
 *
 * @since 0.1
 */
public class SoftTimeLimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SoftTimeLimitExceeded(String message) {
        super(message);
    }
}
