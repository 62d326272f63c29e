package dev.lovage.worker.internal.typed;

import dev.lovage.worker.Arg;
import dev.lovage.worker.Args;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.Kwargs;
import dev.lovage.worker.TaskContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Java twins of the functions in src/test/resources/binding/capture_cpython_binding.py: same names, same
 * parameters. Each returns what it was bound to, in Python's parameter order, as the Python functions return their
 * locals.
 */
public final class BindingFixtures {
    /** A point, as a Python dict {"x": 1, "y": 2} arrives. */
    public record Point(int x, int y) {
    }

    private static Map<String, @Nullable Object> bound(@Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    @CeleryTask(name = "fixtures.add")
    public Map<String, @Nullable Object> add(int x, int y) {
        return bound("x", x, "y", y);
    }

    @CeleryTask(name = "fixtures.noop")
    public Map<String, @Nullable Object> noop() {
        return bound();
    }

    @CeleryTask(name = "fixtures.one")
    public Map<String, @Nullable Object> one(Object x) {
        return bound("x", x);
    }

    @CeleryTask(name = "fixtures.scale")
    public Map<String, @Nullable Object> scale(int x, @Arg(defaultValue = "2") int factor) {
        return bound("x", x, "factor", factor);
    }

    @CeleryTask(name = "fixtures.greet")
    public Map<String, @Nullable Object> greet(String name, @Arg(defaultValue = "\"hello\"") String greeting,
            @Arg(defaultValue = "\"!\"") String punctuation) {
        return bound("name", name, "greeting", greeting, "punctuation", punctuation);
    }

    @CeleryTask(name = "fixtures.triple")
    public Map<String, @Nullable Object> triple(Object a, Object b, Object c) {
        return bound("a", a, "b", b, "c", c);
    }

    @CeleryTask(name = "fixtures.total")
    public Map<String, @Nullable Object> total(long... numbers) {
        return bound("numbers", numbers);
    }

    @CeleryTask(name = "fixtures.tagged")
    public Map<String, @Nullable Object> tagged(String label, @Args List<Object> values,
            @Kwargs Map<String, Object> options) {
        return bound("label", label, "values", values, "options", options);
    }

    @CeleryTask(name = "fixtures.configure")
    public Map<String, @Nullable Object> configure(String host, @Args List<Object> rest, int port,
            @Arg(defaultValue = "false") boolean secure) {
        return bound("host", host, "rest", rest, "port", port, "secure", secure);
    }

    @CeleryTask(name = "fixtures.limits")
    public Map<String, @Nullable Object> limits(int x, @Arg(keywordOnly = true, defaultValue = "0") int lo,
            @Arg(keywordOnly = true, defaultValue = "10") int hi) {
        return bound("x", x, "lo", lo, "hi", hi);
    }

    @CeleryTask(name = "fixtures.options_only")
    public Map<String, @Nullable Object> options_only(@Kwargs Map<String, Object> options) {
        return bound("options", options);
    }

    /** The context is injected wherever it is declared and is not a Python parameter. */
    @CeleryTask(name = "fixtures.move")
    public Map<String, @Nullable Object> move(Point point, TaskContext ctx, @Arg(defaultValue = "0") int dx) {
        if (ctx == null) {
            throw new IllegalStateException("no context");
        }
        return bound("point", point, "dx", dx);
    }

    @CeleryTask(name = "fixtures.path")
    public Map<String, @Nullable Object> path(List<Point> points) {
        return bound("points", points);
    }

    @CeleryTask(name = "fixtures.histogram")
    public Map<String, @Nullable Object> histogram(Map<String, List<Integer>> counts) {
        return bound("counts", counts);
    }
}
