package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue an operator declared with a dead-letter exchange: Lovage consumes it as declared, and an unknown task and
 * an undecodable message, rejected without requeue, land in the dead-letter queue instead of vanishing.
 */
@Timeout(120)
final class DeadLetterIT {

    @Test
    void rejectedMessagesReachTheDeadLetterQueue() throws Exception {
        String queue = LovageWorker.newQueue("dlx");
        String dlq = queue + "_dead";
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(Services.get().amqpUrl());
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(dlq, "fanout", true);
            ch.queueDeclare(dlq, true, false, false, null);
            ch.queueBind(dlq, dlq, "");
            ch.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", dlq));
            try (LovageWorker w = LovageWorker.start(queue)) {
                String out = Services.get().python().run(Py.prelude(queue) + """
                        from kombu import Exchange, Queue
                        app.conf.task_queues = [Queue('%1$s', Exchange('%1$s'), routing_key='%1$s',
                                                      queue_arguments={'x-dead-letter-exchange': '%2$s'})]
                        res = app.send_task('tasks.unknown_here', args=(1,), queue='%1$s')
                        try:
                            res.get(timeout=10)
                        except Exception as e:
                            out(type(e).__name__)
                        """.formatted(queue, dlq));
                assertThat(out.strip()).isEqualTo("\"NotRegistered\"");
                ch.basicPublish("", queue, null, "garbage".getBytes(StandardCharsets.UTF_8));
                GetResponse first = awaitMessage(ch, dlq);
                GetResponse second = awaitMessage(ch, dlq);
                assertThat(first.getProps().getHeaders()).containsKey("task");
                assertThat(first.getProps().getHeaders().get("task").toString()).isEqualTo("tasks.unknown_here");
                assertThat(new String(second.getBody(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            } finally {
                ch.queueDelete(queue);
                ch.queueDelete(dlq);
                ch.exchangeDelete(dlq);
            }
        }
    }

    private static GetResponse awaitMessage(Channel ch, String queue) throws Exception {
        for (int i = 0; i < 100; i++) {
            GetResponse r = ch.basicGet(queue, true);
            if (r != null) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing arrived in " + queue);
    }
}
