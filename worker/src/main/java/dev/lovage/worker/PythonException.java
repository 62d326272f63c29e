package dev.lovage.worker;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.codec.PyFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Python exception, by module, type and args: the one Lovage's two sides share.
 *
 * <ul>
 *   <li>A Java task throws it to fail with a named Python type, so that a Python client's {@code AsyncResult.get()}
 *   raises that type: {@code throw new PythonException("builtins", "KeyError", "missing")}. A type the client has
 *   loaded (builtins, celery.exceptions, the app's own modules) is raised as itself; any other becomes a synthetic
 *   exception class of that name.</li>
 *   <li>The Java client throws it from {@code get()} for a task that failed (or was revoked), with the stored
 *   traceback.</li>
 * </ul>
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public class PythonException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String module;
    private final String type;
    private final transient List<@Nullable Object> args;
    private final @Nullable String traceback;

    public PythonException(String module, String type, @Nullable Object... args) {
        this(module, type, Arrays.asList(args), null);
    }

    /**
     * An exception with the traceback the worker stored.
     *
     * @since 0.2
     */
    public PythonException(String module, String type, List<?> args, @Nullable String traceback) {
        super(describe(module, type, args));
        this.module = module;
        this.type = type;
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.traceback = traceback;
    }

    /**
     * The exception a stored failure describes ({@code exc_module}, {@code exc_type}, {@code exc_message}), with its
     * traceback; a missing module is {@code builtins}'s absence, kept as the empty string.
     *
     * @since 0.2
     */
    public static PythonException of(ExceptionInfo info, @Nullable String traceback) {
        return new PythonException(info.excModule() == null ? "" : info.excModule(), info.excType(),
                info.excMessage(), traceback);
    }

    private static String describe(String module, String type, List<?> args) {
        String name = module.isEmpty() || module.equals("builtins") ? type : module + "." + type;
        return name + ": " + message(args);
    }

    /** Python's {@code str(exc)}: the only arg's text, or the args tuple's repr, or empty. */
    private static String message(List<?> args) {
        if (args.isEmpty()) {
            return "";
        }
        if (args.size() == 1) {
            return args.get(0) instanceof String s ? s : PyFormat.repr(args.get(0));
        }
        return PyFormat.tupleRepr(args);
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

    /** Python's {@code str(exc)}: the only arg as text, or the args as a tuple. @since 0.2 */
    public String pythonMessage() {
        return message(args);
    }

    /** The traceback the failing worker stored, or null (as when a Java task throws this). @since 0.2 */
    public @Nullable String traceback() {
        return traceback;
    }
}
