package dev.lovage.worker.internal.typed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.Arg;
import dev.lovage.worker.Args;
import dev.lovage.worker.Kwargs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskRegistrationException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A task's parameters as Python would declare them, worked out once at registration from a method or an arguments
 * record: {@code def add(x, y=2, *args, z, **kwargs)}. Immutable.
 */
final class PySignature {
    final String function;
    final PyParam[] positional;
    final @Nullable PyParam varArgs;
    final PyParam[] keywordOnly;
    final @Nullable PyParam varKwargs;
    final int[] contextSlots;
    final int javaArity;
    /** How many positional parameters have defaults (CPython's defcount); they are the last ones. */
    final int positionalDefaults;
    /** Only positional-or-keyword parameters: no *args, keyword-only or **kwargs. */
    final boolean simple;

    private PySignature(String function, List<PyParam> params, List<Integer> contextSlots, int javaArity) {
        this.function = function;
        this.positional = params.stream().filter(p -> p.kind() == PyParam.Kind.POSITIONAL_OR_KEYWORD)
                .toArray(PyParam[]::new);
        this.varArgs = params.stream().filter(p -> p.kind() == PyParam.Kind.VAR_POSITIONAL).findFirst().orElse(null);
        this.keywordOnly = params.stream().filter(p -> p.kind() == PyParam.Kind.KEYWORD_ONLY).toArray(PyParam[]::new);
        this.varKwargs = params.stream().filter(p -> p.kind() == PyParam.Kind.VAR_KEYWORD).findFirst().orElse(null);
        this.contextSlots = contextSlots.stream().mapToInt(Integer::intValue).toArray();
        this.javaArity = javaArity;
        int defaults = 0;
        for (PyParam p : positional) {
            if (p.hasDefault()) {
                defaults++;
            } else if (defaults > 0) {
                throw new TaskRegistrationException(function + "(): parameter '" + p.name() + "' has no default but "
                        + "follows one that has (Python: non-default argument follows default argument)");
            }
        }
        this.positionalDefaults = defaults;
        this.simple = varArgs == null && varKwargs == null && keywordOnly.length == 0;
    }

    static PySignature of(Method method, ObjectMapper mapper) {
        List<Element> elements = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            String name = p.isNamePresent() ? p.getName() : null;
            elements.add(new Element(p, name, p.getParameterizedType(), p.isVarArgs()));
        }
        return build(method.getName(), elements, mapper, method.getDeclaringClass().getName() + "." + method.getName());
    }

    static PySignature of(Class<? extends Record> record, String function, ObjectMapper mapper) {
        List<Element> elements = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            elements.add(new Element(c, c.getName(), c.getGenericType(), false));
        }
        return build(function, elements, mapper, record.getName());
    }

    private record Element(AnnotatedElement annotated, @Nullable String javaName, Type type, boolean javaVarArgs) {
    }

    private static PySignature build(String function, List<Element> elements, ObjectMapper mapper, String where) {
        List<PyParam> params = new ArrayList<>();
        List<Integer> context = new ArrayList<>();
        boolean afterVarArgs = false;
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            if (e.type() == TaskContext.class) {
                context.add(i);
                continue;
            }
            Arg arg = e.annotated().getAnnotation(Arg.class);
            String name = arg != null && !arg.value().isEmpty() ? arg.value() : e.javaName();
            if (name == null) {
                throw new TaskRegistrationException(where + ": parameter " + i + " has no name; compile with "
                        + "-parameters or name it with @Arg(\"...\")");
            }
            PyParam.Kind kind;
            if (e.annotated().isAnnotationPresent(Kwargs.class)) {
                kind = PyParam.Kind.VAR_KEYWORD;
                requireMap(e.type(), where, name);
            } else if (e.annotated().isAnnotationPresent(Args.class) || e.javaVarArgs()) {
                kind = PyParam.Kind.VAR_POSITIONAL;
                afterVarArgs = true;
            } else {
                kind = afterVarArgs || arg != null && arg.keywordOnly()
                        ? PyParam.Kind.KEYWORD_ONLY : PyParam.Kind.POSITIONAL_OR_KEYWORD;
            }
            ValueConverter converter = Converters.forType(e.type(), mapper);
            boolean optional = e.type() instanceof ParameterizedType p && p.getRawType() == Optional.class;
            boolean hasDefault = optional || arg != null && !Arg.NO_DEFAULT.equals(arg.defaultValue());
            Object defaultValue = optional && (arg == null || Arg.NO_DEFAULT.equals(arg.defaultValue()))
                    ? Optional.empty() : hasDefault ? defaultOf(arg.defaultValue(), converter, where, name) : null;
            params.add(new PyParam(name, kind, i, e.type(), converter, hasDefault, defaultValue));
        }
        long varCount = params.stream().filter(p -> p.kind() == PyParam.Kind.VAR_POSITIONAL).count();
        long kwCount = params.stream().filter(p -> p.kind() == PyParam.Kind.VAR_KEYWORD).count();
        if (varCount > 1 || kwCount > 1) {
            throw new TaskRegistrationException(where + ": at most one *args (@Args or varargs) and one **kwargs "
                    + "(@Kwargs) parameter");
        }
        return new PySignature(function, params, context, elements.size());
    }

    private static @Nullable Object defaultOf(String json, ValueConverter converter, String where, String name) {
        try {
            return converter.convert(PyJson.read(json));
        } catch (RuntimeException e) {
            throw new TaskRegistrationException(where + ": the default of '" + name + "' (" + json
                    + ") is not JSON of the parameter's type: " + e);
        }
    }

    private static void requireMap(Type type, String where, String name) {
        Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
        if (!(raw instanceof Class<?> c) || !Map.class.isAssignableFrom(c)) {
            throw new TaskRegistrationException(where + ": @Kwargs parameter '" + name + "' must be a Map<String, V>");
        }
    }

    /** The index among positional and keyword-only parameters of the one named {@code name}, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < positional.length; i++) {
            if (positional[i].name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < keywordOnly.length; i++) {
            if (keywordOnly[i].name().equals(name)) {
                return positional.length + i;
            }
        }
        return -1;
    }
}
