package dev.lovage.worker.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Celery's remote control (kombu's pidbox): requests fan out on {@code celery.pidbox}, replies go to the requester's
 * {@code reply.celery.pidbox} queue.
 *
 * @since 0.2
 */
public interface ControlMailbox {

    /**
     * Consumes this node's mailbox ({@code <node>.celery.pidbox}, bound to the {@code celery.pidbox} fanout); the
     * request bodies reach {@code sink} on a broker thread.
     *
     * @throws dev.lovage.worker.BrokerException if the mailbox cannot be consumed (another node with this name holds it)
     */
    void listen(String nodeName, Consumer<byte[]> sink);

    /** Answers a request: publishes {@code body} to the request's {@code reply_to} exchange and routing key. */
    void reply(String exchange, String routingKey, Map<String, Object> headers, byte[] body);

    /**
     * Sends a request to every node ({@code app.control.broadcast}); with a positive {@code wait}, collects the replies
     * that arrive within it. Never throws: a failure is logged and answers no replies.
     */
    List<byte[]> broadcast(Map<String, Object> request, Duration wait);
}
