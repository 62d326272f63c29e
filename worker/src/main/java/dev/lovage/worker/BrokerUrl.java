package dev.lovage.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A broker or backend URL read as kombu reads it ({@code kombu/utils/url.py url_to_parts}): the authority ends at
 * the first {@code /}, {@code ?} or {@code #}; the user information ends at its <em>last</em> {@code @}, so a raw
 * {@code @} may appear in a password; user and password split at the first {@code :}; each part is percent-decoded.
 * Immutable. {@link #mask(String)} hides the password of any URL, parsable or not.
 *
 * @param scheme   lower-cased, such as {@code amqp} or {@code redis}
 * @param host     lower-cased; null when the URL names none
 * @param port     null when the URL gives none
 * @param path     what follows the authority, without its first slash, decoded ({@code amqp://h//} has path
 *                 {@code /}); null when empty
 * @param query    the raw query string, null when absent
 * @since 0.2
 */
public record BrokerUrl(String scheme, @Nullable String host, @Nullable Integer port, @Nullable String user,
        @Nullable String password, @Nullable String path, @Nullable String query) {
    private static final Pattern URL_START = Pattern.compile("(?:^|;)\\s*([A-Za-z][A-Za-z0-9+.-]*)://");

    /**
     * Parses one URL.
     *
     * @throws IllegalArgumentException naming what is wrong (no scheme, a port that is not a number), never quoting
     *                                  the URL, which may hold a password
     */
    public static BrokerUrl parse(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a URL (no scheme://)");
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = url.substring(sep + 3);
        int end = firstOf(rest, "/?#");
        String netloc = rest.substring(0, end);
        String after = rest.substring(end);
        int at = netloc.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = netloc.substring(0, at);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String hostPort = netloc.substring(at + 1);
        String host;
        Integer port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 host without its closing ']'");
            }
            host = hostPort.substring(1, close);
            port = port(hostPort.substring(close + 1));
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : port(hostPort.substring(colon));
        }
        int q = after.indexOf('?');
        int hash = after.indexOf('#');
        String rawPath = after.substring(0, q >= 0 ? q : hash >= 0 ? hash : after.length());
        String query = q < 0 ? null : after.substring(q + 1, hash > q ? hash : after.length());
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        return new BrokerUrl(scheme, host.isEmpty() ? null : decode(host).toLowerCase(Locale.ROOT), port,
                empty(user), empty(password), empty(decode(path)), query);
    }

    // ":5672" or "" after the host; Python raises "Port could not be cast to integer value" for anything else.
    private static @Nullable Integer port(String colonPort) {
        if (colonPort.isEmpty() || colonPort.equals(":")) {
            return null;
        }
        String digits = colonPort.substring(1);
        if (!colonPort.startsWith(":") || !digits.chars().allMatch(Character::isDigit) || digits.length() > 5
                || Integer.parseInt(digits) > 65535) {
            // The text is not shown: when a password holds a raw '/', it is the password's.
            throw new IllegalArgumentException("the port is not a number from 0 to 65535 (a '/', '?' or '#' in a "
                    + "password must be written %2F, %3F, %23, and in broker_url a ';' as %3B: kombu reads ';' as "
                    + "the separator of failover URLs)");
        }
        return Integer.parseInt(digits);
    }

    /** The URL as given, with every password replaced by {@code **}; also for ';'-separated lists of URLs. */
    public static String mask(String url) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = URL_START.matcher(url);
        while (m.find()) {
            starts.add(m.start(1));
        }
        if (starts.isEmpty()) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.substring(0, starts.getFirst()));
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i);
            int to = i + 1 < starts.size() ? lastSemicolonBefore(url, starts.get(i + 1)) : url.length();
            out.append(maskOne(url.substring(from, to))).append(url, to, i + 1 < starts.size()
                    ? starts.get(i + 1) : url.length());
        }
        return out.toString();
    }

    private static int lastSemicolonBefore(String url, int index) {
        int semicolon = url.lastIndexOf(';', index);
        return semicolon < 0 ? index : semicolon;
    }

    // kombu ends the user information at the last '@' of the authority; the mask goes to the last '@' of the whole
    // URL, so that a raw '/', '?' or '#' in a password, which cuts kombu's authority short, cannot show the rest of
    // it. An '@' in a path or query then hides a little more than the password: a leak would be worse.
    private static String maskOne(String url) {
        int sep = url.indexOf("://") + 3;
        String rest = url.substring(sep);
        int at = rest.lastIndexOf('@');
        int colon = rest.indexOf(':');
        if (at < 0 || colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, sep) + rest.substring(0, colon) + ":**" + rest.substring(at);
    }

    /** This URL as text with its password masked. */
    public String masked() {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (user != null || password != null) {
            sb.append(user == null ? "" : user).append(password == null ? "" : ":**").append('@');
        }
        sb.append(host == null ? "" : host.contains(":") ? "[" + host + "]" : host);
        if (port != null) {
            sb.append(':').append(port);
        }
        sb.append('/').append(path == null ? "" : path);
        return query == null ? sb.toString() : sb.append('?').append(query).toString();
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    // Python's unquote: valid %XX escapes (UTF-8) are decoded; '+' and any other '%' stay as they are.
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                out.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static @Nullable String empty(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
