package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.ConnectionFactory;
import dev.lovage.worker.BrokerUrl;
import dev.lovage.worker.CeleryConfig;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies a Celery/kombu broker URL to a RabbitMQ {@link ConnectionFactory}, read as kombu reads it
 * ({@link BrokerUrl}: a raw {@code @} in a password is fine, the user information ends at the last one). kombu reads
 * the whole path after the first slash as the virtual host, so {@code amqp://h//} means vhost {@code /}, which the
 * Java client's own {@code setUri} refuses. {@code pyamqp://} is an alias of {@code amqp://}; credentials default to
 * guest/guest as in kombu.
 */
public final class AmqpUris {
    private AmqpUris() {
    }

    /**
     * @throws IllegalArgumentException for a URL kombu cannot read or that names no host
     */
    public static void apply(ConnectionFactory factory, String url) {
        BrokerUrl u = BrokerUrl.parse(url);
        if (u.host() == null) {
            throw new IllegalArgumentException("broker_url " + u.masked() + " names no host");
        }
        boolean tls = u.scheme().equals("amqps");
        factory.setHost(u.host());
        factory.setPort(u.port() != null && u.port() > 0 ? u.port() : tls ? 5671 : 5672);
        if (u.user() != null) {
            factory.setUsername(u.user());
        }
        if (u.password() != null) {
            factory.setPassword(u.password());
        }
        factory.setVirtualHost(u.path() == null ? "/" : u.path());
        if (tls) {
            try {
                factory.useSslProtocol();
            } catch (NoSuchAlgorithmException | KeyManagementException e) {
                throw new IllegalStateException("TLS is not available for amqps://", e);
            }
        }
    }

    /** The connection as kombu's {@code Connection.info()} describes it, for {@code celery inspect stats}. */
    public static Map<String, @Nullable Object> info(CeleryConfig config) {
        BrokerUrl u = BrokerUrl.parse(config.brokerUrl());
        Map<String, @Nullable Object> b = new LinkedHashMap<>();
        b.put("hostname", u.host());
        b.put("userid", u.user() == null ? "guest" : u.user());
        b.put("virtual_host", u.path() == null ? "/" : u.path());
        b.put("port", u.port() != null && u.port() > 0 ? u.port() : 5672);
        b.put("insist", false);
        b.put("ssl", u.scheme().equals("amqps"));
        b.put("transport", "amqp");
        b.put("connect_timeout", config.brokerConnectionTimeout().toSeconds());
        b.put("transport_options", Map.of());
        b.put("login_method", "PLAIN");
        b.put("uri_prefix", null);
        b.put("heartbeat", (double) config.brokerHeartbeat().toSeconds());
        b.put("failover_strategy", "round-robin");
        b.put("alternates", List.of());
        return b;
    }
}
