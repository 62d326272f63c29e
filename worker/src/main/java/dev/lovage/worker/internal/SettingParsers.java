package dev.lovage.worker.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Parses setting values as Celery users write them; each method throws IllegalArgumentException saying what is allowed. */
public final class SettingParsers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingParsers() {
    }

    public static boolean bool(String v) {
        // Mirrors celery/utils/serialization.py strtobool, used for boolean env settings.
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "y", "on" -> true;
            case "0", "false", "no", "n", "off" -> false;
            default -> throw new IllegalArgumentException("a boolean (true/false, yes/no, on/off, 1/0)");
        };
    }

    public static int integer(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a whole number");
        }
    }

    public static @Nullable Integer optionalInteger(String v) {
        return isNone(v) ? null : integer(v);
    }

    /** Float seconds as Celery takes them ("86400", "0.5") or ISO-8601 ("PT1H"). */
    public static Duration duration(String v) {
        String s = v.trim();
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.signum() < 0) {
                throw new IllegalArgumentException("a duration that is not negative");
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("seconds as a number (86400, 0.5) or an ISO-8601 duration (PT1H)");
        }
    }

    public static @Nullable Duration optionalDuration(String v) {
        return isNone(v) ? null : duration(v);
    }

    /** A JSON array or a comma-separated list. */
    static List<String> list(String v) {
        String s = v.trim();
        if (s.startsWith("[")) {
            try {
                return JSON.readValue(s, new TypeReference<List<String>>() { });
            } catch (Exception e) {
                throw new IllegalArgumentException("a JSON array of strings or a comma-separated list");
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** A JSON object with scalar values, as in {@code {"master_name": "mymaster"}}. */
    static Map<String, String> map(String v) {
        try {
            Map<String, Object> raw = JSON.readValue(v, new TypeReference<Map<String, Object>>() { });
            Map<String, String> out = new LinkedHashMap<>();
            raw.forEach((k, val) -> out.put(k, String.valueOf(val)));
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("a JSON object such as {\"master_name\": \"mymaster\"}");
        }
    }

    /** Celery's task_routes as JSON: {"glob": "queue"} or {"glob": {"queue": "q"}}, in order. */
    static Map<String, String> routes(String v) {
        try {
            Map<String, Object> raw = JSON.readValue(v, new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, String> out = new LinkedHashMap<>();
            raw.forEach((glob, route) -> {
                Object queue = route instanceof Map<?, ?> m ? m.get("queue") : route;
                if (!(queue instanceof String q) || q.isBlank()) {
                    throw new IllegalArgumentException("bad route");
                }
                out.put(glob, q);
            });
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("a JSON object of task-name globs to queues, such as "
                    + "{\"tasks.py.*\": \"python\"} or {\"tasks.py.*\": {\"queue\": \"python\"}}");
        }
    }

    static long byteSize(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long factor = 1;
        if (s.endsWith("KB") || s.endsWith("K")) {
            factor = 1024;
        } else if (s.endsWith("MB") || s.endsWith("M")) {
            factor = 1024 * 1024;
        } else if (s.endsWith("GB") || s.endsWith("G")) {
            factor = 1024L * 1024 * 1024;
        }
        String digits = s.replaceAll("[KMGB]+$", "");
        try {
            return Math.multiplyExact(Long.parseLong(digits), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("a size in bytes, optionally with K, M or G (64M)");
        }
    }

    private static boolean isNone(String v) {
        String s = v.trim();
        return s.isEmpty() || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("null");
    }
}
