package dev.lovage.broker.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.lovage.worker.broker.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class DeliveriesTest {
    @Test
    void keepsTheAppIdProperty() {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId("id-1")
                .contentType("application/json").contentEncoding("utf-8").priority(0).appId("1234")
                .headers(Map.of("task", "tasks.add")).build();
        com.rabbitmq.client.Delivery raw = new com.rabbitmq.client.Delivery(new Envelope(7, false, "", "celery"),
                props, "[[], {}, {}]".getBytes(StandardCharsets.UTF_8));
        Delivery d = Deliveries.of("celery", raw, 1);
        assertThat(d.properties().appId()).isEqualTo("1234");
        assertThat(d.properties().correlationId()).isEqualTo("id-1");
    }
}
