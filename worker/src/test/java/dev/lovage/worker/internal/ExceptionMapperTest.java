package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.worker.PythonException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

final class ExceptionMapperTest {

    private static ExceptionInfo info(Throwable t) {
        return ExceptionMapper.toInfo(t);
    }

    @Test
    void mapsCommonJdkExceptionsToPythonBuiltins() {
        assertThat(info(new IllegalArgumentException("bad"))).isEqualTo(
                new ExceptionInfo("ValueError", List.of("bad"), "builtins"));
        assertThat(info(new NumberFormatException("x")).excType()).isEqualTo("ValueError");
        assertThat(info(new ArithmeticException("/ by zero")).excType()).isEqualTo("ArithmeticError");
        assertThat(info(new UnsupportedOperationException("no")).excType()).isEqualTo("NotImplementedError");
        assertThat(info(new ArrayIndexOutOfBoundsException(3)).excType()).isEqualTo("IndexError");
        assertThat(info(new IOException("io")).excType()).isEqualTo("OSError");
        assertThat(info(new FileNotFoundException("f")).excType()).isEqualTo("FileNotFoundError");
        assertThat(info(new TimeoutException("t")).excType()).isEqualTo("TimeoutError");
        assertThat(info(new NoSuchElementException("k")).excType()).isEqualTo("KeyError");
        assertThat(info(new ClassCastException("c")).excType()).isEqualTo("TypeError");
        assertThat(info(new IllegalStateException("s")).excType()).isEqualTo("RuntimeError");
    }

    @Test
    void keepsOtherExceptionsAsSimpleNameAndPackage() {
        class CustomFailure extends RuntimeException {
            CustomFailure() {
                super("custom");
            }
        }
        assertThat(info(new CustomFailure())).isEqualTo(
                new ExceptionInfo("CustomFailure", List.of("custom"), "dev.lovage.worker.internal"));
    }

    @Test
    void aMissingMessageGivesEmptyArgs() {
        assertThat(info(new IllegalArgumentException()).excMessage()).isEmpty();
    }

    @Test
    void pythonExceptionNamesItsOwnType() {
        assertThat(info(new PythonException("myapp.errors", "QuotaExceeded", "over", 42))).isEqualTo(
                new ExceptionInfo("QuotaExceeded", List.of("over", 42), "myapp.errors"));
    }

    @Test
    void tracebackHasPythonShapeThatTblibParses() {
        Exception e = new IllegalArgumentException("boom");
        String tb = Tracebacks.format(e, info(e));
        assertThat(tb).startsWith("Traceback (most recent call last):\n  File \"")
                .containsPattern("  File \"[^\"]+\", line \\d+, in [\\w.$<>]+\n")
                .endsWith("\nValueError: boom\n");
    }

    @Test
    void reprLooksLikePython() {
        assertThat(ExceptionMapper.repr(new ExceptionInfo("ValueError", List.of("boom"), "builtins")))
                .isEqualTo("ValueError('boom')");
    }
}
