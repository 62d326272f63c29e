/**
 * Lovage's Spring Boot auto-configuration: the worker in the application context's lifecycle, {@code @CeleryTask}
 * methods found on the context's beans, settings from {@code celery.*} and {@code lovage.*} properties. Non-null
 * unless {@code @Nullable}.
 */
@NullMarked
package dev.lovage.spring.boot;

import org.jspecify.annotations.NullMarked;
