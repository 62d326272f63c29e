/**
 * The Java side of {@code bin/celery-suite}: a port of the tasks of Celery 5.7.0's {@code t/integration/tasks.py}
 * (same names, same behaviour, the same Python exceptions) and the worker Celery's own integration suite runs
 * against. Test tooling: never shipped in the {@code lovage} jar. Non-null unless {@code @Nullable}.
 */
@NullMarked
package dev.lovage.suite;

import org.jspecify.annotations.NullMarked;
