package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.lovage.worker.CeleryConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker declares on RabbitMQ, as Celery declares it: a missing queue gets a durable exchange of the same
 * name ({@code task_default_exchange_type}, direct by default) bound by the queue's name, with
 * {@code x-queue-type} and {@code x-max-priority} from the settings; with quorum queues, the native delayed delivery
 * topology of kombu 5.5+ (celery_delayed_0 to 27 and celery_delayed_delivery) and the bindings of each consumed
 * queue to it.
 */
final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    static final int LEVELS = 28;
    static final String DELIVERY = "celery_delayed_delivery";

    private final CeleryConfig config;

    Topology(CeleryConfig config) {
        this.config = config;
    }

    boolean quorum() {
        return config.taskDefaultQueueType().equals("quorum");
    }

    void declare(Channel ch, String queue) throws IOException {
        ch.exchangeDeclare(queue, config.taskDefaultExchangeType(), true);
        Map<String, Object> args = new HashMap<>();
        if (quorum()) {
            args.put("x-queue-type", "quorum");
        }
        if (config.taskQueueMaxPriority() != null) {
            args.put("x-max-priority", config.taskQueueMaxPriority());
        }
        ch.queueDeclare(queue, true, false, false, args.isEmpty() ? null : args);
        ch.queueBind(queue, queue, queue);
    }

    // Mirrors kombu/transport/native_delayed_delivery.py declare_native_delayed_delivery_exchanges_and_queues.
    void declareDelayedDelivery(Channel ch) throws IOException {
        if (!quorum()) {
            return;
        }
        String queueType = config.brokerNativeDelayedDeliveryQueueType();
        for (int level = LEVELS - 1; level >= 0; level--) {
            String name = "celery_delayed_" + level;
            ch.exchangeDeclare(name, "topic", true);
            Map<String, Object> args = new HashMap<>();
            args.put("x-queue-type", queueType);
            args.put("x-overflow", "reject-publish");
            long ttl = (1L << level) * 1000;
            // py-amqp sends an int that fits 32 bits as a signed int and a larger one as a long; so do we, so that
            // a topology a Python worker declared first compares equal.
            args.put("x-message-ttl", ttl <= Integer.MAX_VALUE ? (Object) (int) ttl : (Object) ttl);
            args.put("x-dead-letter-exchange", level == 0 ? DELIVERY : "celery_delayed_" + (level - 1));
            if (queueType.equals("quorum")) {
                args.put("x-dead-letter-strategy", "at-least-once");
            }
            ch.queueDeclare(name, true, false, false, args);
            ch.queueBind(name, name, "*.".repeat(LEVELS - 1 - level) + "1.#");
        }
        ch.exchangeDeclare(DELIVERY, "topic", true);
        for (int level = LEVELS - 1; level >= 1; level--) {
            ch.exchangeBind("celery_delayed_" + (level - 1), "celery_delayed_" + level,
                    "*.".repeat(LEVELS - 1 - level) + "0.#");
        }
        ch.exchangeBind(DELIVERY, "celery_delayed_0", "*.".repeat(LEVELS - 1) + "0.#");
    }

    /** Binds a consumed queue whose exchange is not direct, so delayed messages find their way back to it. */
    void bindDelayedDelivery(Channel ch, String queue) throws IOException {
        if (!quorum() || config.taskDefaultExchangeType().equals("direct")) {
            return;
        }
        ch.exchangeBind(queue, DELIVERY, "#." + queue);
        ch.queueBind(queue, queue, "#." + queue);
    }

    /**
     * Declares {@code queue} as Celery declares a missing queue, unless it exists: a queue someone declared already (a
     * Python worker, or an operator with a dead-letter exchange, priorities or a quorum type) is used as it is, since
     * redeclaring it with other arguments would fail. Then binds it to the delayed-delivery topology when needed.
     */
    void declareIfMissing(Connection conn, Channel ch, String queue) throws IOException {
        if (exists(conn, queue)) {
            log.debug("Queue '{}' exists; consuming it as declared", queue);
        } else {
            declare(ch, queue);
        }
        bindDelayedDelivery(ch, queue);
    }

    /** A passive declare on a throw-away channel: a missing queue closes that channel, not the caller's. */
    private static boolean exists(Connection conn, String queue) throws IOException {
        Channel probe = conn.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (probe.isOpen()) {
                try {
                    probe.close();
                } catch (TimeoutException | IOException | AlreadyClosedException e) {
                    log.debug("Closing the probe channel: {}", e.toString());
                }
            }
        }
    }
}
