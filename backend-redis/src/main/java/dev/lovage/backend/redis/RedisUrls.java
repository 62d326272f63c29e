package dev.lovage.backend.redis;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.BrokerUrl;
import dev.lovage.worker.UrlMasker;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Celery's Redis URL spellings ({@code result_backend}, and {@code broker_url} for the Redis broker) as Lettuce
 * {@link RedisURI}s, for every module that connects to Redis the way Celery does. Lettuce parses every piece (host, port,
 * credentials, database); this class only translates what Celery spells differently:
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/db]}; {@code redis://} alone is localhost, as in Celery;</li>
 *   <li>{@code rediss://...?ssl_cert_reqs=required|optional|none} (also {@code CERT_*});</li>
 *   <li>{@code redis+socket:///path?virtual_host=db}, {@code unix:///path?db=N}, {@code socket:///path};</li>
 *   <li>{@code sentinel://[:password@]host:port[/db];sentinel://host2:port2}: the password and db of the first URL
 *       are the master's, the master name is the {@code master_name} transport option, and
 *       {@code sentinel_kwargs} may give the sentinels' own {@code password}.</li>
 * </ul>
 * Bad URLs and options throw {@link IllegalArgumentException} with the password masked. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class RedisUrls {
    private static final Pattern FLATTENED_PASSWORD = Pattern.compile("(?:^\\{|, )password=(.*?)(?:, [a-z_]+=|}$)");

    private RedisUrls() {
    }

    /**
     * The Lettuce URI for a {@code result_backend} URL.
     *
     * @param transportOptions {@code result_backend_transport_options} as text ({@code master_name},
     *                         {@code sentinel_kwargs})
     * @param timeout          the command timeout, also given to each sentinel
     * @throws IllegalArgumentException naming {@code result_backend} and what is wrong, the password masked
     */
    public static RedisURI parse(String url, Map<String, String> transportOptions, Duration timeout) {
        return parse("result_backend", url, transportOptions, timeout);
    }

    /**
     * The Lettuce URI for a Celery Redis URL given in {@code setting} ({@code result_backend} or
     * {@code broker_url}), whose transport options are in {@code setting + "_transport_options"} (for
     * {@code broker_url}: {@code broker_transport_options}).
     *
     * @throws IllegalArgumentException naming the setting and what is wrong, the password masked
     */
    public static RedisURI parse(String setting, String url, Map<String, String> transportOptions, Duration timeout) {
        int sep = url.indexOf("://");
        String scheme = sep < 0 ? "" : url.substring(0, sep).toLowerCase(Locale.ROOT);
        try {
            RedisURI uri = switch (scheme) {
                case "redis", "rediss" -> single(url);
                case "redis+socket", "unix", "socket" -> socket(url.substring(sep + 3));
                case "sentinel" -> sentinel(url, transportOptions, optionsSetting(setting));
                default -> throw new IllegalArgumentException("expected redis://, rediss://, redis+socket://, "
                        + "unix:// or sentinel://");
            };
            uri.setTimeout(timeout);
            uri.getSentinels().forEach(s -> s.setTimeout(timeout));
            return uri;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting + " " + UrlMasker.mask(url) + ": " + e.getMessage(), e);
        }
    }

    private static String optionsSetting(String setting) {
        return setting.equals("broker_url") ? "broker_transport_options" : setting + "_transport_options";
    }

    private static RedisURI single(String url) {
        // Celery reads a URL without a host as localhost.
        RedisURI uri = RedisURI.create(withHost(encodedUserInfo(url)));
        if (uri.isSsl()) {
            uri.setVerifyPeer(verifyMode(query(url, "ssl_cert_reqs")));
        }
        return uri;
    }

    // Celery's ssl_cert_reqs (celery/backends/redis.py) on Lettuce: required verifies the chain and the host,
    // optional the chain only, none nothing. Celery refuses a rediss:// URL without it; Lovage verifies fully.
    private static SslVerifyMode verifyMode(@Nullable String certReqs) {
        String reqs = certReqs == null ? "required" : certReqs.toLowerCase(Locale.ROOT).replace("cert_", "");
        return switch (reqs) {
            case "required" -> SslVerifyMode.FULL;
            case "optional" -> SslVerifyMode.CA;
            case "none" -> SslVerifyMode.NONE;
            default -> throw new IllegalArgumentException("ssl_cert_reqs must be required, optional or none, got '"
                    + certReqs + "'");
        };
    }

    private static RedisURI socket(String rest) {
        // Celery reads the database of a socket URL from the query: virtual_host (kombu's name) or db.
        String db = query(rest, "virtual_host");
        if (db == null) {
            db = query(rest, "db");
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        return RedisURI.create("redis-socket://" + path + (db == null ? "" : "?database=" + db));
    }

    private static RedisURI sentinel(String url, Map<String, String> options, String optionsSetting) {
        String master = options.get("master_name");
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a sentinel:// URL needs the master name: set " + optionsSetting
                    + " to {\"master_name\": \"mymaster\"}");
        }
        @Nullable String sentinelPassword = sentinelPassword(options.get("sentinel_kwargs"));
        RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(master);
        boolean first = true;
        for (String part : url.split(";")) {
            String trimmed = part.trim();
            if (!trimmed.toLowerCase(Locale.ROOT).startsWith("sentinel://")) {
                throw new IllegalArgumentException("every ';'-separated URL must start with sentinel://");
            }
            RedisURI node = RedisURI.create(encodedUserInfo("redis://" + trimmed.substring("sentinel://".length())));
            if (first) {
                builder.withDatabase(node.getDatabase()).withAuthentication(node);
                first = false;
            }
            int port = hasPort(trimmed) ? node.getPort() : RedisURI.DEFAULT_SENTINEL_PORT;
            if (sentinelPassword == null) {
                builder.withSentinel(node.getHost(), port);
            } else {
                builder.withSentinel(node.getHost(), port, sentinelPassword);
            }
        }
        return builder.build();
    }

    /**
     * The URL with its user name and password percent-encoded, as Lettuce needs them, after reading them as kombu
     * does (the user information ends at the last '@' of the authority): {@code redis://:p@ss@host} is password
     * {@code p@ss} at {@code host} for Celery, and would be host {@code ss@host} for java.net.URI.
     */
    static String encodedUserInfo(String url) {
        int sep = url.indexOf("://");
        String rest = url.substring(sep + 3);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if ("/?#".indexOf(rest.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        int at = rest.lastIndexOf('@', end - 1);
        if (at < 0) {
            return url;
        }
        BrokerUrl parts = BrokerUrl.parse(url);
        String info = (parts.user() == null ? "" : encode(parts.user()))
                + (parts.password() == null ? "" : ":" + encode(parts.password()));
        return url.substring(0, sep + 3) + info + rest.substring(at);
    }

    // Celery reads a URL without a host as localhost.
    private static String withHost(String url) {
        if (BrokerUrl.parse(url).host() != null) {
            return url;
        }
        int sep = url.indexOf("://") + 3;
        int at = url.indexOf('@', sep);
        int end = url.length();
        for (int i = sep; i < url.length(); i++) {
            if ("/?#".indexOf(url.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        int hostAt = at >= 0 && at < end ? at + 1 : sep;
        return url.substring(0, hostAt) + "localhost" + url.substring(hostAt);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean hasPort(String sentinelUrl) {
        String authority = sentinelUrl.substring("sentinel://".length()).split("[/?]", 2)[0];
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        return hostPort.matches(".*:\\d+$");
    }

    // Celery passes sentinel_kwargs (a dict) to the sentinel connections only. The option arrives as JSON, or as
    // the {key=value, ...} text of a map that was flattened to strings.
    private static @Nullable String sentinelPassword(@Nullable String sentinelKwargs) {
        if (sentinelKwargs == null || sentinelKwargs.isBlank()) {
            return null;
        }
        try {
            if (PyJson.read(sentinelKwargs) instanceof Map<?, ?> kwargs) {
                Object password = kwargs.get("password");
                return password == null ? null : password.toString();
            }
        } catch (ProtocolException notJson) {
            Matcher m = FLATTENED_PASSWORD.matcher(sentinelKwargs.trim());
            return m.find() ? m.group(1) : null;
        }
        throw new IllegalArgumentException("sentinel_kwargs must be a JSON object such as {\"password\": \"...\"}");
    }

    private static @Nullable String query(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }
}
