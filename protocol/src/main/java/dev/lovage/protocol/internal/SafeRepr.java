package dev.lovage.protocol.internal;

import dev.lovage.protocol.Signature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Celery's {@code saferepr} (celery/utils/saferepr.py): the {@code repr} of JSON-like values that Celery writes into
 * {@code argsrepr} and {@code kwargsrepr} and its log lines, cut at a length and at three levels of nesting
 * ({@code task_repr_maxlevels}). Strings are quoted with {@code '} and only {@code '} is escaped, as saferepr does;
 * a string that reaches the limit is cut at a word and ends in {@code ...}; a cut container ends in {@code , ...}
 * and its brackets are closed. Reached through {@link dev.lovage.protocol.codec.PyFormat}. Stateless and thread-safe.
 */
public final class SafeRepr {
    /** {@code task_repr_maxlevels}'s default. */
    public static final int MAX_LEVELS = 3;

    private record Lit(String value, boolean truncate, int direction) {
    }

    private record Key(@Nullable Object value) {
    }

    private record Quoted(Object value) {
    }

    private record Text(String value) {
    }

    private record Tuple(List<?> items) {
    }

    private static final Lit DICT_KVSEP = new Lit(": ", true, 0);
    private static final Lit SEP = new Lit(", ", true, 0);

    private final Deque<Iterator<?>> stack = new ArrayDeque<>();
    private final int maxLevels;
    private int level;

    private SafeRepr(@Nullable Object o, int maxLevels) {
        this.maxLevels = maxLevels;
        stack.push(Collections.singletonList(o).iterator());
    }

    /** {@code saferepr(args_tuple, maxlen)}: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String tuple(List<?> items, int maxLength) {
        return repr(new Tuple(items), maxLength, MAX_LEVELS);
    }

    /** {@code saferepr(value, maxlen)}. */
    public static String repr(@Nullable Object value, int maxLength) {
        return repr(value, maxLength, MAX_LEVELS);
    }

    private static String repr(@Nullable Object value, @Nullable Integer maxLength, int maxLevels) {
        SafeRepr r = new SafeRepr(value, maxLevels);
        StringBuilder out = new StringBuilder();
        Integer max = maxLength;
        Object token;
        while ((token = r.next()) != null) {
            if (max != null && max <= 0) {
                if (token instanceof Lit lit && lit.direction() < 0) {
                    out.append(lit.value());
                    continue;
                }
                out.append(", ...");
                r.closeDangling(token, out);
                break;
            }
            String val = switch (token) {
                case Lit lit -> lit.value();
                case Key key -> repr(key.value(), max, maxLevels);
                case Quoted q -> quoted(q.value(), max);
                case Text t -> truncate(t.value(), max);
                default -> throw new IllegalStateException(String.valueOf(token));
            };
            out.append(val);
            if (max != null) {
                max -= val.length();
            }
        }
        return out.toString();
    }

    // After the cut: close the containers that were open at the cut, skipping those opened after it.
    private void closeDangling(Object token, StringBuilder out) {
        int depth = 0;
        List<Object> rest = new ArrayList<>();
        rest.add(token);
        for (Iterator<?> it : stack) {
            it.forEachRemaining(rest::add);
        }
        for (Object t : rest) {
            if (t instanceof Lit lit && !lit.truncate()) {
                depth += lit.direction();
                if (depth < 0) {
                    depth = 0;
                    out.append(lit.value());
                }
            }
        }
    }

    // Mirrors reprstream: the next token, expanding containers in place and counting nesting levels.
    private @Nullable Object next() {
        while (!stack.isEmpty()) {
            Iterator<?> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                continue;
            }
            Object val = it.next();
            if (val instanceof Lit lit) {
                level += lit.direction();
                return lit;
            }
            if (val instanceof Key || val instanceof Text) {
                return val;
            }
            Object scalar = scalar(val);
            if (scalar != null) {
                return scalar;
            }
            Lit start;
            Lit end;
            List<Object> items = new ArrayList<>();
            if (val instanceof Tuple t) {
                start = new Lit("(", false, 1);
                end = new Lit(t.items().size() == 1 ? ",)" : ")", false, -1);
                separated(t.items(), items);
            } else if (val instanceof Map<?, ?> || val instanceof Signature) {
                Map<?, ?> m = val instanceof Signature s ? s.toDict() : (Map<?, ?>) val;
                start = new Lit("{", false, 1);
                end = new Lit("}", false, -1);
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    items.add(new Key(e.getKey()));
                    items.add(DICT_KVSEP);
                    items.add(e.getValue());
                    if (++i < m.size()) {
                        items.add(SEP);
                    }
                }
            } else if (val instanceof Set<?> s) {
                if (s.isEmpty()) {
                    return new Text("set()");
                }
                start = new Lit("{", false, 1);
                end = new Lit("}", false, -1);
                separated(new ArrayList<>(s), items);
            } else if (val instanceof Collection<?> c) {
                start = new Lit("[", false, 1);
                end = new Lit("]", false, -1);
                separated(new ArrayList<>(c), items);
            } else {
                return new Text(val.toString());
            }
            if (maxLevels > 0 && level >= maxLevels) {
                return new Lit(start.value() + "..." + end.value(), false, 0);
            }
            items.add(0, start);
            items.add(end);
            stack.push(items.iterator());
        }
        return null;
    }

    private static void separated(List<?> values, List<Object> into) {
        for (int i = 0; i < values.size(); i++) {
            into.add(values.get(i) == null ? new Text("None") : values.get(i));
            if (i < values.size() - 1) {
                into.add(SEP);
            }
        }
    }

    private static @Nullable Object scalar(@Nullable Object val) {
        return switch (val) {
            case null -> new Text("None");
            case Boolean b -> new Text(b ? "True" : "False");
            case BigDecimal d -> new Text("Decimal('" + d.toPlainString() + "')");
            case Double d -> new Text(PythonFloat.repr(d));
            case Float f -> new Text(PythonFloat.repr(f.doubleValue()));
            case Number n -> new Text(n.toString());
            case CharSequence s -> new Quoted(s.toString());
            case byte[] b -> new Quoted(b);
            default -> null;
        };
    }

    private static String quoted(Object value, @Nullable Integer max) {
        if (value instanceof byte[] bytes) {
            byte[] shown = max != null && bytes.length > max ? Arrays.copyOf(bytes, max) : bytes;
            String text = new String(shown, StandardCharsets.UTF_8);
            if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), shown)) {
                text = HexFormat.of().formatHex(shown);
            }
            return "b'" + text + (shown.length < bytes.length ? "..." : "") + "'";
        }
        return "'" + truncate(value.toString(), max).replace("'", "\\'") + "'";
    }

    // Mirrors celery/utils/text.py truncate: cut at the last space before the limit, then "...".
    private static String truncate(String s, @Nullable Integer max) {
        if (max != null && max != 0 && s.length() >= max) {
            String head = max > 0 ? s.substring(0, max) : s.substring(0, Math.max(0, s.length() + max));
            int space = head.lastIndexOf(' ');
            return (space >= 0 ? head.substring(0, space) : head) + "...";
        }
        return s;
    }
}
