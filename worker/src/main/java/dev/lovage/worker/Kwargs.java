package dev.lovage.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Python's {@code **kwargs}: this {@code Map<String, V>} parameter receives the keyword arguments that match no
 * other parameter, in arrival order. Without one, an unknown keyword fails the call with Python's
 * {@code TypeError: f() got an unexpected keyword argument 'z'}.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Kwargs {
}
