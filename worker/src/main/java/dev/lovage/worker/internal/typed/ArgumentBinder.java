package dev.lovage.worker.internal.typed;

import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Binds a call's args and kwargs to a {@link PySignature} as CPython 3.11 binds them (Python/ceval.c
 * initialize_locals), with its error messages, then converts each value to its Java type. Stateless after
 * construction and thread-safe.
 */
final class ArgumentBinder {
    private final PySignature sig;

    ArgumentBinder(PySignature sig) {
        this.sig = sig;
    }

    /**
     * The Java arguments, in the method's or record's order.
     *
     * @throws PythonException TypeError with CPython's message when the call does not fit
     */
    @Nullable Object[] bind(@Nullable TaskContext ctx, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {
        PyParam[] positional = sig.positional;
        PyParam[] keywordOnly = sig.keywordOnly;
        if (sig.simple && kwargs.isEmpty() && args.size() == positional.length) {
            return bindPositional(ctx, args);
        }
        int named = positional.length + keywordOnly.length;
        @Nullable Object[] values = new Object[named];
        boolean[] given = new boolean[named];
        int argc = args.size();
        int n = Math.min(argc, positional.length);
        for (int i = 0; i < n; i++) {
            values[i] = args.get(i);
            given[i] = true;
        }
        Map<String, @Nullable Object> extraKwargs = sig.varKwargs == null ? null : new LinkedHashMap<>();
        if (!kwargs.isEmpty()) {
            for (Map.Entry<String, @Nullable Object> e : kwargs.entrySet()) {
                int i = sig.indexOf(e.getKey());
                if (i < 0) {
                    if (extraKwargs == null) {
                        throw typeError(sig.function + "() got an unexpected keyword argument '" + e.getKey() + "'");
                    }
                    extraKwargs.put(e.getKey(), e.getValue());
                } else if (given[i]) {
                    throw typeError(sig.function + "() got multiple values for argument '" + e.getKey() + "'");
                } else {
                    values[i] = e.getValue();
                    given[i] = true;
                }
            }
        }
        if (argc > positional.length && sig.varArgs == null) {
            throw tooManyPositional(argc, given);
        }
        checkMissing(given);
        @Nullable Object[] java = new Object[sig.javaArity];
        for (int i = 0; i < named; i++) {
            PyParam p = i < positional.length ? positional[i] : keywordOnly[i - positional.length];
            java[p.javaIndex()] = given[i] ? convert(p, values[i]) : p.defaultValue();
        }
        if (sig.varArgs != null) {
            List<@Nullable Object> rest = argc > positional.length ? args.subList(positional.length, argc) : List.of();
            java[sig.varArgs.javaIndex()] = convert(sig.varArgs, rest);
        }
        if (sig.varKwargs != null) {
            java[sig.varKwargs.javaIndex()] = convert(sig.varKwargs, extraKwargs);
        }
        for (int slot : sig.contextSlots) {
            java[slot] = ctx;
        }
        return java;
    }

    // The common call, add(2, 3) for def add(x, y): nothing to match by name, nothing to default.
    private @Nullable Object[] bindPositional(@Nullable TaskContext ctx, List<@Nullable Object> args) {
        @Nullable Object[] java = new Object[sig.javaArity];
        PyParam[] positional = sig.positional;
        for (int i = 0; i < positional.length; i++) {
            java[positional[i].javaIndex()] = convert(positional[i], args.get(i));
        }
        for (int slot : sig.contextSlots) {
            java[slot] = ctx;
        }
        return java;
    }

    private @Nullable Object convert(PyParam p, @Nullable Object value) {
        try {
            return p.converter().convert(value);
        } catch (BadValue e) {
            String message = sig.function + "() argument '" + p.name() + "' must be " + PyTypes.of(p.type());
            throw typeError(e.detail() == null ? message + ", not " + PyTypes.ofValue(value)
                    : message + ": " + e.detail());
        }
    }

    // Mirrors ceval.c missing_arguments / format_missing: positional first, then keyword-only.
    private void checkMissing(boolean[] given) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < sig.positional.length - sig.positionalDefaults; i++) {
            if (!given[i]) {
                missing.add(sig.positional[i].name());
            }
        }
        if (!missing.isEmpty()) {
            throw missing("positional", missing);
        }
        for (int i = 0; i < sig.keywordOnly.length; i++) {
            if (!given[sig.positional.length + i] && !sig.keywordOnly[i].hasDefault()) {
                missing.add(sig.keywordOnly[i].name());
            }
        }
        if (!missing.isEmpty()) {
            throw missing("keyword-only", missing);
        }
    }

    private PythonException missing(String kind, List<String> names) {
        List<String> quoted = names.stream().map(s -> "'" + s + "'").toList();
        String list = switch (quoted.size()) {
            case 1 -> quoted.get(0);
            case 2 -> quoted.get(0) + " and " + quoted.get(1);
            default -> String.join(", ", quoted.subList(0, quoted.size() - 1)) + ", and " + quoted.getLast();
        };
        return typeError(sig.function + "() missing " + names.size() + " required " + kind + " argument"
                + (names.size() == 1 ? "" : "s") + ": " + list);
    }

    // Mirrors ceval.c too_many_positional.
    private PythonException tooManyPositional(int givenCount, boolean[] given) {
        int argcount = sig.positional.length;
        int kwonlyGiven = 0;
        for (int i = argcount; i < given.length; i++) {
            kwonlyGiven += given[i] ? 1 : 0;
        }
        int defcount = sig.positionalDefaults;
        String takes = defcount > 0 ? "from " + (argcount - defcount) + " to " + argcount : String.valueOf(argcount);
        boolean plural = defcount > 0 || argcount != 1;
        String kwonly = kwonlyGiven == 0 ? "" : " positional argument" + (givenCount != 1 ? "s" : "") + " (and "
                + kwonlyGiven + " keyword-only argument" + (kwonlyGiven != 1 ? "s" : "") + ")";
        return typeError(sig.function + "() takes " + takes + " positional argument" + (plural ? "s" : "") + " but "
                + givenCount + kwonly + " " + (givenCount == 1 && kwonlyGiven == 0 ? "was" : "were") + " given");
    }

    private static PythonException typeError(String message) {
        return new PythonException("builtins", "TypeError", message);
    }
}
