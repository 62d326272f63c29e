/**
 * Codecs between Celery's wire bytes and the {@link dev.lovage.protocol} records: message decoding (protocol v1 and
 * v2, JSON in both kombu dialects, msgpack, YAML, compression) and JSON written exactly as Python's
 * {@code json.dumps} writes it. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.protocol.codec;

import org.jspecify.annotations.NullMarked;
