package dev.lovage.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fails a task with a named Python exception type, so that a Python client's {@code AsyncResult.get()} raises that
 * type: {@code throw new PythonException("builtins", "KeyError", "missing")}. A type that the client has loaded
 * (builtins, celery.exceptions, the app's own modules) is raised as itself; any other becomes a synthetic exception
 * class of that name.
 *
 * @since 0.1
 */
public class PythonException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String module;
    private final String type;
    private final transient List<@Nullable Object> args;

    public PythonException(String module, String type, @Nullable Object... args) {
        super(type + "(" + Arrays.toString(args) + ")");
        this.module = module;
        this.type = type;
        this.args = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(args)));
    }

    /** The Python module, such as {@code builtins}. */
    public String module() {
        return module;
    }

    /** The exception's qualified name within the module, such as {@code KeyError}. */
    public String type() {
        return type;
    }

    /** The exception's args, stored as {@code exc_message}. */
    public List<@Nullable Object> args() {
        return args;
    }
}
