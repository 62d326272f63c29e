package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import dev.lovage.worker.CeleryConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies a Celery/kombu broker URL to a RabbitMQ {@link ConnectionFactory}. kombu reads the whole path after the
 * first slash as the virtual host, so {@code amqp://h//} means vhost {@code /}, which the Java client's own
 * {@code setUri} refuses; hence this small translation. {@code pyamqp://} is an alias of {@code amqp://}.
 */
public final class AmqpUris {
    private AmqpUris() {
    }

    public static void apply(ConnectionFactory factory, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "amqp" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean tls = scheme.equals("amqps");
            factory.setHost(uri.getHost() == null ? "localhost" : uri.getHost());
            factory.setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                String[] parts = userInfo.split(":", 2);
                factory.setUsername(decode(parts[0]));
                if (parts.length > 1) {
                    factory.setPassword(decode(parts[1]));
                }
            }
            factory.setVirtualHost(virtualHost(uri.getRawPath()));
            if (tls) {
                factory.useSslProtocol();
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker_url is not a URL: " + e.getReason(), e);
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is not available for amqps://", e);
        }
    }

    /** kombu: no path, or a lone slash, is the default vhost "/"; otherwise everything after the first slash. */
    static String virtualHost(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        return decode(rawPath.substring(1));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The connection as kombu's {@code Connection.info()} describes it, for {@code celery inspect stats}. */
    public static Map<String, @Nullable Object> info(CeleryConfig config) {
        URI u = URI.create(config.brokerUrl().replace("pyamqp://", "amqp://"));
        Map<String, @Nullable Object> b = new LinkedHashMap<>();
        b.put("hostname", u.getHost());
        b.put("userid", u.getUserInfo() == null ? "guest" : u.getUserInfo().split(":", 2)[0]);
        b.put("virtual_host", virtualHost(u.getRawPath()));
        b.put("port", u.getPort() > 0 ? u.getPort() : 5672);
        b.put("insist", false);
        b.put("ssl", config.brokerUrl().startsWith("amqps"));
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
