/**
 * The client's machinery: performing canvas plans against the broker seam and the result backend, publish retries,
 * waiting for results. Not API: it may change in any release.
 */
@NullMarked
package dev.lovage.client.internal;

import org.jspecify.annotations.NullMarked;
