/**
 * JMH benchmarks of the hot paths; run by hand, never by the build (see benchmarks/README.md).
 */
@NullMarked
package dev.lovage.benchmarks;

import org.jspecify.annotations.NullMarked;
