/**
 * Implementation of the codecs; not API. Non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.lovage.protocol.internal;

import org.jspecify.annotations.NullMarked;
