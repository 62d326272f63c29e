package dev.lovage.protocol;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The canvases of docker/python-celery/capture_canvas.py, built with Lovage's API: each name applies the same
 * signature with the same args and options as the Python scenario of that name. Change both together.
 */
public final class CanvasScenarios {
    private CanvasScenarios() {
    }

    /**
     * One {@code sig.apply_async(args, **options)}, or, with a running task, what that task does with the signature:
     * {@code mode} "apply" (a subtask), "replace" or "add_to_chord".
     */
    public record Scenario(Signature signature, List<?> args, Map<String, ?> options, @Nullable RunningTask running,
            String mode) {
        Scenario(Signature signature, List<?> args, Map<String, ?> options) {
            this(signature, args, options, null, "apply");
        }
    }

    /** capture_canvas.py's RUNNING task, with these additions. */
    static RunningTask running(@Nullable String group, @Nullable Integer index, @Nullable Signature chord,
            List<Signature> callbacks, List<Signature> errbacks, List<Signature> chain, int nesting) {
        return new RunningTask("running-1", "root-1", group, index, chord, callbacks, errbacks, chain, nesting);
    }

    static final RunningTask PLAIN = running(null, null, null, List.of(), List.of(), List.of(), 0);

    static Signature add(Object... args) {
        return Signature.of("tasks.add", args);
    }

    static Signature mul(Object... args) {
        return Signature.of("tasks.mul", args);
    }

    static Signature xsum() {
        return Signature.of("tasks.xsum");
    }

    static Signature echo() {
        return Signature.of("tasks.echo");
    }

    static Map<String, @Nullable Object> options(Object... pairs) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Every scenario name, as capture_canvas.py lists them. */
    public static List<String> names() {
        return List.of("add", "add_options", "add_kwargs", "add_eta", "exchange_rk", "link", "chain5", "chain1",
                "chain_immutable", "chain_args", "group3", "group_chain_member", "chord3", "chord_options",
                "chord_chain_body", "chord_nested", "chord_chain_last", "chord_empty", "chain_chord",
                "chain_group_task", "group_or_task", "chain_ending_group_or_task", "chain_group_last", "stamped",
                "replace_task", "replace_chain", "replace_group_in_chord", "replace_chord", "add_to_chord",
                "add_chord_to_chord", "replace_group_member_with_chain",
                "subtask_delay", "subtask_group", "subtask_chain");
    }

    /** The scenario called {@code name}. */
    public static Scenario get(String name) {
        OffsetDateTime y2030 = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        return switch (name) {
            case "add" -> of(add(2, 3));
            case "add_options" -> new Scenario(add(2, 3), List.of(), options("countdown", 10, "expires", 60,
                    "priority", 5, "queue", "other_q", "time_limit", 30, "soft_time_limit", 20, "headers",
                    Map.of("x_custom", "kept"), "shadow", "shadowed", "ignore_result", true));
            case "add_kwargs" -> {
                Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
                kwargs.put("word", "it's");
                kwargs.put("n", null);
                yield of(Signature.of("tasks.echo", Arrays.asList(1, "two", Arrays.asList(3.5, null),
                        Map.of("k", true)), kwargs));
            }
            case "add_eta" -> new Scenario(add(1, 1), List.of(), options("eta", y2030, "expires",
                    y2030.plusHours(1)));
            case "exchange_rk" -> new Scenario(add(1, 1), List.of(), options("exchange", "ex1", "routing_key", "rk1"));
            case "link" -> of(add(1, 1).linkError(echo()).set("link", List.of(mul(2))));
            case "chain5" -> of(chain(add(1, 1), add(2), add(3), add(4), add(5)));
            case "chain1" -> of(chain(add(1, 1)));
            case "chain_immutable" -> of(chain(add(1, 1), add(5, 5).withImmutable(true), mul(2)));
            case "chain_args" -> new Scenario(chain(add(1), mul(2)), List.of(10), Map.of());
            case "group3" -> of(group(add(0, 0), add(1, 1), add(2, 2)));
            case "group_chain_member" -> of(group(chain(add(1, 1), mul(2)), add(3, 3)));
            case "chord3" -> of(chord(List.of(add(0, 0), add(1, 1), add(2, 2)), xsum()));
            case "chord_options" -> new Scenario(chord(List.of(add(1, 1), add(2, 2)), xsum()), List.of(),
                    options("queue", "other_q", "link", mul(3), "link_error", echo()));
            case "chord_chain_body" -> of(chord(List.of(add(1, 1), add(2, 2)), chain(xsum(), mul(10))));
            case "chord_nested" -> of(chord(List.of(chord(List.of(add(1, 1), add(2, 2)), xsum()), add(3, 3)), xsum()));
            case "chord_chain_last" -> of(chord(List.of(add(1, 1), chain(add(2, 2), mul(2))), xsum()));
            case "chord_empty" -> of(chord(List.of(), xsum()));
            case "chain_chord" -> of(chain(add(1, 2), chord(List.of(mul(2), mul(3)), xsum()), add(10)));
            case "chain_group_task" -> of(chain(add(1, 1), group(mul(2), mul(3)), xsum(), add(1)));
            case "group_or_task" -> of(group(add(1, 1), add(2, 2)).then(xsum()));
            case "chain_ending_group_or_task" -> of(chain(add(1, 1), group(mul(2), mul(3))).then(xsum()));
            case "chain_group_last" -> of(chain(add(1, 1), group(mul(2), mul(3))));
            case "stamped" -> of(add(1, 1).stamp(Map.of("research", "v1")));
            case "replace_task" -> new Scenario(mul(2, 3), List.of(), Map.of(), PLAIN, "replace");
            case "replace_chain" -> new Scenario(chain(add(1, 1), mul(2)), List.of(), Map.of(),
                    running(null, null, null, List.of(echo()), List.of(), List.of(add(100).withTaskId("next-1")), 0),
                    "replace");
            case "replace_group_in_chord" -> new Scenario(group(add(1, 1), add(2, 2)), List.of(), Map.of(),
                    running("group-1", 1, xsum().withTaskId("body-1"), List.of(), List.of(), List.of(), 0), "replace");
            case "replace_chord" -> new Scenario(chord(List.of(add(1, 1), add(2, 2)), xsum()), List.of(), Map.of(),
                    running(null, null, null, List.of(), List.of(echo()), List.of(), 2), "replace");
            case "add_to_chord" -> new Scenario(mul(3, 3), List.of(), Map.of(),
                    running("group-1", 1, xsum().withTaskId("body-1"), List.of(), List.of(), List.of(), 0),
                    "add_to_chord");
            case "add_chord_to_chord" -> new Scenario(group(add(1, 0), add(2, 0)).then(xsum()), List.of(), Map.of(),
                    running("group-1", 1, xsum().withTaskId("body-1"), List.of(), List.of(), List.of(), 0),
                    "add_to_chord");
            case "replace_group_member_with_chain" -> new Scenario(chain(add(1, 1), mul(2)), List.of(), Map.of(),
                    running("group-2", 3, null, List.of(), List.of(), List.of(), 0), "replace");
            case "subtask_delay" -> new Scenario(mul(2, 2), List.of(), Map.of(), PLAIN, "apply");
            case "subtask_group" -> new Scenario(group(mul(2, 2), mul(3, 3)), List.of(), Map.of(), PLAIN, "apply");
            case "subtask_chain" -> new Scenario(chain(mul(2, 2), add(1)), List.of(), options("countdown", 5), PLAIN,
                    "apply");
            default -> throw new IllegalArgumentException("no scenario " + name);
        };
    }

    private static Scenario of(Signature s) {
        return new Scenario(s, List.of(), Map.of());
    }
}
