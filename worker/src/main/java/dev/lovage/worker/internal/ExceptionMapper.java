package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.SoftTimeLimitExceeded;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a Java exception into the document Celery stores ({@code prepare_exception}), so that Python's
 * {@code AsyncResult.get()} raises something sensible. Common JDK exceptions become Python builtins; the most specific
 * mapped superclass wins. Anything else keeps its simple name with its package as module, which Python turns into a
 * synthetic exception class of that name. The table is documented in the README.
 */
public final class ExceptionMapper {
    private static final Map<Class<? extends Throwable>, String> BUILTINS = builtins();

    private ExceptionMapper() {
    }

    private static Map<Class<? extends Throwable>, String> builtins() {
        Map<Class<? extends Throwable>, String> m = new LinkedHashMap<>();
        m.put(IllegalArgumentException.class, "ValueError");
        m.put(DateTimeException.class, "ValueError");
        m.put(ArithmeticException.class, "ArithmeticError");
        m.put(UnsupportedOperationException.class, "NotImplementedError");
        m.put(IndexOutOfBoundsException.class, "IndexError");
        m.put(NoSuchElementException.class, "KeyError");
        m.put(ClassCastException.class, "TypeError");
        m.put(ArrayStoreException.class, "TypeError");
        m.put(NullPointerException.class, "TypeError");
        m.put(IllegalStateException.class, "RuntimeError");
        m.put(IOException.class, "OSError");
        m.put(UncheckedIOException.class, "OSError");
        m.put(FileNotFoundException.class, "FileNotFoundError");
        m.put(NoSuchFileException.class, "FileNotFoundError");
        m.put(FileAlreadyExistsException.class, "FileExistsError");
        m.put(AccessDeniedException.class, "PermissionError");
        m.put(ConnectException.class, "ConnectionRefusedError");
        m.put(SocketTimeoutException.class, "TimeoutError");
        m.put(TimeoutException.class, "TimeoutError");
        m.put(InterruptedException.class, "KeyboardInterrupt");
        m.put(OutOfMemoryError.class, "MemoryError");
        m.put(StackOverflowError.class, "RecursionError");
        m.put(AssertionError.class, "AssertionError");
        return Map.copyOf(m);
    }

    /** The Python builtin a Java class maps to, or null. */
    static String builtinFor(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String name = BUILTINS.get(c);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** The stored form of {@code error}. */
    public static ExceptionInfo toInfo(Throwable error) {
        if (error instanceof PythonException p) {
            return new ExceptionInfo(p.type(), p.args(), p.module());
        }
        if (error instanceof SoftTimeLimitExceeded) {
            // billiard's class, which Celery re-exports: a Python client raises the real SoftTimeLimitExceeded.
            return new ExceptionInfo("SoftTimeLimitExceeded", List.of(), "billiard.exceptions");
        }
        List<Object> message = new ArrayList<>();
        if (error.getMessage() != null) {
            message.add(error.getMessage());
        }
        String builtin = builtinFor(error.getClass());
        if (builtin != null) {
            return new ExceptionInfo(builtin, message, "builtins");
        }
        Package pkg = error.getClass().getPackage();
        // The simple name has no dots: Python would read dots as attribute lookups inside the module.
        String simple = error.getClass().getSimpleName().isEmpty() ? "Exception" : error.getClass().getSimpleName();
        return new ExceptionInfo(simple, message, pkg == null ? null : pkg.getName());
    }

    /** A one-line Python-style rendering, as Celery logs it: {@code ValueError('boom')}. */
    public static String repr(ExceptionInfo info) {
        StringBuilder sb = new StringBuilder(info.excType()).append('(');
        for (int i = 0; i < info.excMessage().size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(PyFormat.repr(info.excMessage().get(i)));
        }
        return sb.append(')').toString();
    }
}
