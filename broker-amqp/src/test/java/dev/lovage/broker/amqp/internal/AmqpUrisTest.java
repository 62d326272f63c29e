package dev.lovage.broker.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

final class AmqpUrisTest {

    @Test
    void readsKombuVirtualHosts() {
        ConnectionFactory f = new ConnectionFactory();
        AmqpUris.apply(f, "amqp://u:p%40ss@rabbit:5673//");
        assertThat(f.getVirtualHost()).isEqualTo("/");
        assertThat(f.getPassword()).isEqualTo("p@ss");
        assertThat(f.getPort()).isEqualTo(5673);
        AmqpUris.apply(f, "pyamqp://rabbit/prod");
        assertThat(f.getVirtualHost()).isEqualTo("prod");
        AmqpUris.apply(f, "amqp://rabbit");
        assertThat(f.getVirtualHost()).isEqualTo("/");
    }
}
