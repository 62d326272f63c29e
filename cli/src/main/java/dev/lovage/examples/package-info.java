/**
 * Example tasks used by the demo and the interop tests. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.examples;

import org.jspecify.annotations.NullMarked;
