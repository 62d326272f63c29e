package dev.lovage.worker.internal;

import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.protocol.codec.PyJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up sync with the other workers (celery/worker/consumer/mingle.py): broadcast {@code hello} with our
 * revoked ids, wait a second, take the revoked ids and clocks the others answer with.
 */
public final class Mingle {
    private static final Logger log = LoggerFactory.getLogger(Mingle.class);

    private Mingle() {
    }

    public static void sync(ControlMailbox mailbox, String hostname, RevokedSet revoked, LamportClock clock) {
        try {
            exchange(mailbox, hostname, revoked, clock);
        } catch (RuntimeException e) {
            log.warn("mingle: sync failed: {}", e.toString());
        }
    }

    private static void exchange(ControlMailbox mailbox, String hostname, RevokedSet revoked, LamportClock clock) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("from_node", hostname);
        arguments.put("revoked", Map.of());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "hello");
        request.put("arguments", arguments);
        request.put("destination", null);
        request.put("pattern", null);
        request.put("matcher", null);
        int nodes = 0;
        for (byte[] raw : mailbox.broadcast(request, Duration.ofSeconds(1))) {
            Object parsed;
            try {
                parsed = PyJson.read(new String(raw, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // A reply we cannot read (another serializer, a broken node) must not keep this worker from starting.
                log.debug("mingle: ignoring a reply that is not JSON: {}", e.getMessage());
                continue;
            }
            if (!(parsed instanceof Map<?, ?> reply)) {
                continue;
            }
            for (Map.Entry<?, ?> e : reply.entrySet()) {
                if (hostname.equals(e.getKey()) || !(e.getValue() instanceof Map<?, ?> answer)) {
                    continue;
                }
                nodes++;
                if (answer.get("clock") instanceof Number n) {
                    clock.adjust(n.longValue());
                }
                if (answer.get("revoked") instanceof Map<?, ?> ids) {
                    ids.keySet().forEach(id -> revoked.add(String.valueOf(id)));
                }
            }
        }
        log.info(nodes == 0 ? "mingle: all alone" : "mingle: sync with {} nodes", nodes);
    }
}
