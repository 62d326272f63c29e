package dev.lovage.faults;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.fuzz.FuzzMessage;
import dev.lovage.protocol.fuzz.FuzzMessages;
import dev.lovage.protocol.fuzz.Gen;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the decoder fuzz's hostile messages ({@link FuzzMessages}, generated from the seed, so a seed replays a
 * run) to a live worker's queue for a bounded time:
 * {@code FuzzPublisher <amqp-url> <queue> <seconds> <max-messages> <seed>}. Most messages are renamed to
 * {@code faults.noop}, which the worker has, so their bodies are decoded and run, not refused as unknown. Prints
 * {@code published=N kinds=K}.
 */
public final class FuzzPublisher {
    private FuzzPublisher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: FuzzPublisher <amqp-url> <queue> <seconds> <max-messages> <seed>");
            System.exit(2);
        }
        String queue = args[1];
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        long max = Long.parseLong(args[3]);
        RandomGenerator random = new SplittableRandom(Long.parseLong(args[4]));
        Gen<FuzzMessage> messages = FuzzMessages.messages();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        factory.setMaxInboundMessageBodySize(Integer.MAX_VALUE);
        long published = 0;
        Set<String> kinds = new HashSet<>();
        try (Connection conn = factory.newConnection("lovage-fuzz"); Channel ch = conn.createChannel()) {
            ch.confirmSelect();
            while (published < max && System.nanoTime() < deadline) {
                FuzzMessage m = messages.next(random);
                kinds.add(m.kind().split(" ")[0]);
                ch.basicPublish("", queue, properties(m, random), m.body());
                if (++published % 200 == 0) {
                    ch.waitForConfirmsOrDie(30_000);
                }
            }
            ch.waitForConfirmsOrDie(30_000);
        }
        System.out.println("published=" + published + " kinds=" + kinds.size());
    }

    private static AMQP.BasicProperties properties(FuzzMessage m, RandomGenerator random) {
        Map<String, Object> headers = amqp(m.headers());
        if (headers.get("task") instanceof String && random.nextInt(10) < 8) {
            headers.put("task", "faults.noop");
        }
        MessageProperties p = m.properties();
        return new AMQP.BasicProperties.Builder().contentType(p.contentType()).contentEncoding(p.contentEncoding())
                .correlationId(p.correlationId()).priority(p.priority()).deliveryMode(2).headers(headers).build();
    }

    // Field-table values the RabbitMQ client can write: what it cannot (BigInteger) goes as text.
    private static Map<String, Object> amqp(Map<String, @Nullable Object> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static @Nullable Object value(@Nullable Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), value(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>();
            l.forEach(item -> out.add(value(item)));
            return out;
        }
        return v instanceof BigInteger ? v.toString() : v;
    }
}
