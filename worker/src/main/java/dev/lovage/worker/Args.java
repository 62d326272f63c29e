package dev.lovage.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Python's {@code *args}: this {@code List} (or array) parameter receives the positional arguments left over. A Java
 * varargs parameter ({@code long... numbers}) means the same. Parameters declared after it are keyword-only, as in
 * Python.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Args {
}
