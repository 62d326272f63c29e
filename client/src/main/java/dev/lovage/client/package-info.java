/**
 * The Lovage client: Java code sends Celery tasks and canvases (chains, groups, chords, nested freely) to any Celery
 * worker, Python or Lovage, and reads their results from Celery's Redis result backend. Start with
 * {@link dev.lovage.client.CeleryClient}; build canvases with {@link dev.lovage.protocol.Signature} and
 * {@link dev.lovage.protocol.Canvas}. Everything here is non-null unless annotated {@code @Nullable}.
 *
 * @since 0.2
 */
@NullMarked
package dev.lovage.client;

import org.jspecify.annotations.NullMarked;
