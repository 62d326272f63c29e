/** The actuator health contributor for Spring Boot 3.x. Non-null unless {@code @Nullable}. */
@NullMarked
package dev.lovage.spring.boot3.actuate;

import org.jspecify.annotations.NullMarked;
