package dev.lovage.broker.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the messages this consumer holds from being restored by anyone: every restorer, kombu's included, takes a
 * message once its {@code unacked_index} score is older than {@code visibility_timeout}, whether its holder is
 * dead or only waiting for an ETA or running a long acks_late task (kombu#337, celery#5935). Renewing the score
 * while the message is held makes the timeout mean "holder silent for that long". Also notices what happened to a
 * held message's record: gone because Redis restarted without its data (written back, so a crash later still
 * leaves it to be restored), or gone because another process restored it after this one was cut off for longer
 * than the timeout (then it is no longer this consumer's: it is not run here). Runs on the housekeeping thread.
 */
final class Lease {
    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    private static final int CHUNK = 1000;

    private final RedisLink link;
    private final HeldMessages held;
    private @Nullable String runId;

    Lease(RedisLink link, HeldMessages held) {
        this.link = link;
        this.held = held;
    }

    synchronized void renew() {
        String now = link.runId();
        boolean restarted = runId != null && !runId.equals(now);
        runId = now;
        List<Held> recorded = new ArrayList<>();
        held.all().forEach(h -> {
            if (h.recordSha() != null) {
                recorded.add(h);
            }
        });
        if (recorded.isEmpty()) {
            return;
        }
        RedisCommands<String, String> redis = link.sync();
        String[] keys = {link.keys().unacked(), link.keys().unackedIndex()};
        if (restarted) {
            long written = 0;
            for (int i = 0; i < recorded.size(); i += CHUNK) {
                List<String> args = new ArrayList<>();
                args.add(link.score());
                for (Held h : recorded.subList(i, Math.min(recorded.size(), i + CHUNK))) {
                    args.add(h.deliveryTag());
                    args.add(h.envelope().raw());
                }
                Long n = Scripts.RERECORD.run(redis, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new));
                written += n == null ? 0 : n;
            }
            log.warn("Redis restarted (its run_id changed): wrote back the unacked records of {} held message(s)",
                    written);
        }
        Map<String, Held> byTag = new HashMap<>();
        recorded.forEach(h -> byTag.put(h.deliveryTag(), h));
        for (int i = 0; i < recorded.size(); i += CHUNK) {
            List<String> args = new ArrayList<>();
            args.add(link.score());
            recorded.subList(i, Math.min(recorded.size(), i + CHUNK)).forEach(h -> args.add(h.deliveryTag()));
            List<Object> missing = Scripts.RENEW.run(redis, ScriptOutputType.MULTI, keys, args.toArray(String[]::new));
            for (Object tag : missing) {
                Held h = byTag.get(String.valueOf(tag));
                if (h != null) {
                    lost(h);
                }
            }
        }
    }

    private void lost(Held h) {
        if (held.get(h.tag()) == null) {
            return;
        }
        boolean settling = held.isSettling(h.tag());
        held.remove(h.tag());
        if (!settling) {
            log.warn("Message {} (task {}) from queue '{}' is no longer recorded as held by this worker: another "
                    + "worker restored it after this one could not renew it for visibility_timeout; it will not be "
                    + "acknowledged here", h.deliveryTag(), h.envelope().messageProperties().correlationId(),
                    h.queue());
        }
    }
}
