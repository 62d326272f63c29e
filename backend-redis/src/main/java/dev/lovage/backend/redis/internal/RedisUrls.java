package dev.lovage.backend.redis.internal;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Celery's result_backend spellings as Lettuce {@link RedisURI}s: {@code redis://[user]:password@host:port/db},
 * {@code rediss://...?ssl_cert_reqs=none|optional|required}, {@code redis+socket:///path?virtual_host=db} and
 * {@code sentinel://[:password@]host:port[/db];sentinel://host2:port} with the master name from the
 * {@code master_name} transport option.
 */
public final class RedisUrls {
    private RedisUrls() {
    }

    public static RedisURI parse(String url, Map<String, String> transportOptions, Duration timeout) {
        String scheme = url.substring(0, Math.max(0, url.indexOf("://"))).toLowerCase(Locale.ROOT);
        RedisURI uri = switch (scheme) {
            case "redis", "rediss" -> single(url, scheme.equals("rediss"));
            case "redis+socket", "unix", "socket" -> socket(url);
            case "sentinel" -> sentinel(url, transportOptions);
            default -> throw new IllegalArgumentException("result_backend " + url.replaceAll(":[^:@/]*@", ":**@")
                    + ": expected redis://, rediss://, redis+socket:// or sentinel://");
        };
        uri.setTimeout(timeout);
        return uri;
    }

    private static RedisURI single(String url, boolean tls) {
        URI u = URI.create(url);
        RedisURI.Builder b = RedisURI.builder().withHost(u.getHost() == null ? "localhost" : u.getHost())
                .withPort(u.getPort() > 0 ? u.getPort() : 6379).withDatabase(database(u.getPath()));
        credentials(b, u.getRawUserInfo());
        if (tls) {
            b.withSsl(true);
            String reqs = query(u.getRawQuery(), "ssl_cert_reqs");
            if (reqs != null && (reqs.equalsIgnoreCase("none") || reqs.equalsIgnoreCase("cert_none"))) {
                b.withVerifyPeer(SslVerifyMode.NONE);
            } else if (reqs != null && (reqs.equalsIgnoreCase("optional") || reqs.equalsIgnoreCase("cert_optional"))) {
                b.withVerifyPeer(SslVerifyMode.CA);
            }
        }
        return b.build();
    }

    private static RedisURI socket(String url) {
        URI u = URI.create(url);
        String db = query(u.getRawQuery(), "virtual_host");
        if (db == null) {
            db = query(u.getRawQuery(), "db");
        }
        RedisURI.Builder b = RedisURI.Builder.socket(u.getPath()).withDatabase(db == null ? 0 : Integer.parseInt(db));
        credentials(b, u.getRawUserInfo());
        return b.build();
    }

    private static RedisURI sentinel(String url, Map<String, String> options) {
        String master = options.get("master_name");
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a sentinel:// result_backend needs the master name: set "
                    + "result_backend_transport_options to {\"master_name\": \"mymaster\"}");
        }
        RedisURI.Builder b = null;
        for (String part : url.split(";")) {
            URI u = URI.create(part.trim());
            int port = u.getPort() > 0 ? u.getPort() : 26379;
            if (b == null) {
                b = RedisURI.Builder.sentinel(u.getHost(), port, master).withDatabase(database(u.getPath()));
                credentials(b, u.getRawUserInfo());
            } else {
                b.withSentinel(u.getHost(), port);
            }
        }
        return b.build();
    }

    private static void credentials(RedisURI.Builder b, String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) {
            return;
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            // Celery reads redis://secret@host as a password alone.
            b.withPassword(decode(userInfo).toCharArray());
            return;
        }
        String user = decode(userInfo.substring(0, colon));
        String password = decode(userInfo.substring(colon + 1));
        if (user.isEmpty()) {
            b.withPassword(password.toCharArray());
        } else {
            b.withAuthentication(user, password);
        }
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("result_backend database must be a number, got '" + path.substring(1)
                    + "'");
        }
    }

    private static String query(String raw, String name) {
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return kv.length > 1 ? decode(kv[1]) : "";
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
