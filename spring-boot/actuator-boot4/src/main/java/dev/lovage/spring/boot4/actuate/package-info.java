/** The actuator health contributor for Spring Boot 4.x. Non-null unless {@code @Nullable}. */
@NullMarked
package dev.lovage.spring.boot4.actuate;

import org.jspecify.annotations.NullMarked;
