package dev.lovage.protocol.fuzz;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a check over generated values, all drawn from one seed: a number of tries or a time bound, whichever ends
 * first. The seed is new each run unless the system property {@value #SEED} sets it; the same seed generates the
 * same values in the same order, so a failure, which names its seed and try, is replayed with
 * {@code -Dlovage.fuzz.seed=S}. {@value #TRIES} and {@value #SECONDS} change the number of tries and the time bound.
 * A check that has not returned after {@value #HANG_SECONDS} (default 60) is a hang and fails the run.
 */
final class FuzzRun {
    static final String SEED = "lovage.fuzz.seed";
    static final String TRIES = "lovage.fuzz.tries";
    static final String SECONDS = "lovage.fuzz.seconds";
    static final String HANG_SECONDS = "lovage.fuzz.hang-seconds";

    private final long seed;
    private final int tries;
    private final Duration timeBound;
    private final Duration hangLimit;

    FuzzRun(long seed, int tries, Duration timeBound, Duration hangLimit) {
        if (tries < 1 || timeBound.isNegative() || timeBound.isZero() || hangLimit.isNegative()
                || hangLimit.isZero()) {
            throw new IllegalArgumentException("tries " + tries + ", time bound " + timeBound + " and hang limit "
                    + hangLimit + " must be positive");
        }
        this.seed = seed;
        this.tries = tries;
        this.timeBound = timeBound;
        this.hangLimit = hangLimit;
    }

    /** The run the system properties ask for, with these defaults for tries and time bound. */
    static FuzzRun fromSystemProperties(int tries, Duration timeBound) {
        String seed = System.getProperty(SEED);
        return new FuzzRun(seed == null || seed.isBlank() ? ThreadLocalRandom.current().nextLong() : number(SEED, seed),
                (int) number(TRIES, System.getProperty(TRIES, String.valueOf(tries))),
                Duration.ofSeconds(number(SECONDS, System.getProperty(SECONDS, String.valueOf(timeBound.toSeconds())))),
                Duration.ofSeconds(number(HANG_SECONDS, System.getProperty(HANG_SECONDS, "60"))));
    }

    private static long number(String property, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + " is not a whole number: " + value, e);
        }
    }

    /** What a run did: the tries it made, in how long, and whether the time bound ended it before the last. */
    record Summary(long seed, int tries, int triesAsked, Duration elapsed) {
        boolean timeBoundReached() {
            return tries < triesAsked;
        }

        @Override
        public String toString() {
            return String.format("%,d tries in %.1f s, seed %d%s", tries, elapsed.toMillis() / 1000.0, seed,
                    timeBoundReached() ? " (time bound reached before " + String.format("%,d", triesAsked) + ")"
                            : "");
        }
    }

    /**
     * Checks generated values until the tries or the time are used up.
     *
     * @throws AssertionError when a value fails the check, generating one throws, or a check hangs; its message names
     *     the seed and the try
     */
    <T> Summary check(Gen<T> gen, Consumer<? super T> check) throws InterruptedException {
        AtomicLong current = new AtomicLong();
        AtomicLong started = new AtomicLong(System.nanoTime());
        AtomicReference<Object> value = new AtomicReference<>("(none yet)");
        CompletableFuture<Summary> done = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().daemon().name("fuzz-seed-" + seed).start(() -> {
            try {
                done.complete(loop(gen, check, current, started, value));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        while (true) {
            try {
                return done.get(200, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError failure) {
                    throw failure;
                }
                throw new AssertionError(e.getCause());
            } catch (TimeoutException e) {
                Duration stuck = Duration.ofNanos(System.nanoTime() - started.get());
                if (stuck.compareTo(hangLimit) > 0) {
                    // Read before the interrupt: an interrupted check returns, and the loop would move on.
                    String where = where(current.get());
                    Object stuckOn = value.get();
                    runner.interrupt();
                    throw new AssertionError(where + " has not returned after " + stuck.toSeconds() + " s: "
                            + stuckOn);
                }
            }
        }
    }

    private <T> Summary loop(Gen<T> gen, Consumer<? super T> check, AtomicLong current, AtomicLong started,
            AtomicReference<Object> value) {
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        long deadline = start + timeBound.toNanos();
        int done = 0;
        while (done < tries && System.nanoTime() - deadline < 0) {
            int attempt = done + 1;
            current.set(attempt);
            started.set(System.nanoTime());
            T v;
            try {
                v = gen.next(random);
            } catch (Throwable e) {
                throw new AssertionError("generating " + where(attempt) + " failed: " + e, e);
            }
            value.set(v);
            try {
                check.accept(v);
            } catch (Throwable e) {
                throw new AssertionError(where(attempt) + " failed: " + e.getMessage(), e);
            }
            done = attempt;
        }
        return new Summary(seed, done, tries, Duration.ofNanos(System.nanoTime() - start));
    }

    private String where(long attempt) {
        return "try " + attempt + " of seed " + seed + " (replay: -D" + SEED + "=" + seed + ")";
    }
}
