package dev.lovage.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a parameter of a {@link CeleryTask} method (or a component of a {@link TaskDef} arguments record) as Python
 * callers name it in kwargs, and optionally gives it a default. Without it the Java parameter name is used, which
 * needs the {@code -parameters} compiler flag.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Arg {
    /** Marks {@link #defaultValue()} as not given. */
    String NO_DEFAULT = "\u0000no default";

    /** The Python name; empty means the Java name. */
    String value() default "";

    /**
     * The default, as JSON ({@code "2"}, {@code "\"hello\""}, {@code "[1, 2]"}, {@code "null"}), converted to the
     * parameter's type at registration. A parameter with a default may be left out of the call.
     */
    String defaultValue() default NO_DEFAULT;

    /** Keyword-only, like a Python parameter after a bare {@code *}: it cannot be passed by position. */
    boolean keywordOnly() default false;
}
