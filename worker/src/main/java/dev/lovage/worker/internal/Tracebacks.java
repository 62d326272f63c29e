package dev.lovage.worker.internal;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.worker.PythonException;

/**
 * Renders a Java stack trace in the shape of a Python traceback, so that a client with
 * {@code task_remote_tracebacks=True} (tblib) can parse it instead of failing with TracebackParseError.
 */
public final class Tracebacks {
    private static final int MAX_FRAMES = 30;

    private Tracebacks() {
    }

    public static String format(Throwable error, ExceptionInfo info) {
        StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
        StackTraceElement[] frames = error.getStackTrace();
        int from = Math.min(frames.length, MAX_FRAMES) - 1;
        // Python prints the most recent call last; Java prints it first.
        for (int i = from; i >= 0; i--) {
            StackTraceElement f = frames[i];
            sb.append("  File \"").append(f.getFileName() == null ? f.getClassName() : f.getFileName())
                    .append("\", line ").append(Math.max(f.getLineNumber(), 0))
                    .append(", in ").append(f.getClassName()).append('.').append(f.getMethodName()).append('\n');
        }
        sb.append(info.excType());
        String text = error instanceof PythonException ? joined(info) : error.getMessage();
        if (text != null && !text.isEmpty()) {
            sb.append(": ").append(text);
        }
        return sb.append('\n').toString();
    }

    private static String joined(ExceptionInfo info) {
        return info.excMessage().size() == 1 ? String.valueOf(info.excMessage().get(0))
                : ExceptionMapper.repr(info);
    }
}
