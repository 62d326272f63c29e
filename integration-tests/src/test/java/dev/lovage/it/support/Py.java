package dev.lovage.it.support;

/** Python snippets shared by the interop tests. */
public final class Py {
    private Py() {
    }

    /**
     * Imports the interop app and routes every {@code tasks.*} call to {@code queue}, so that the plain
     * {@code add.delay(2, 3)} of a user's code reaches the worker under test.
     */
    public static String prelude(String queue) {
        return """
                import json, os, sys, time, datetime, decimal, uuid
                from tasks import (app, add, mul, xsum, echo, fail, sleep, noop, retry_until, always_retry, flaky,
                                   until_soft_limit, rate_limited)
                app.conf.task_routes = {'tasks.*': {'queue': '%s'}}
                def out(value):
                    print(json.dumps(value), flush=True)
                def describe(exc):
                    return {'type': type(exc).__name__, 'module': type(exc).__module__, 'args': list(exc.args),
                            'value_error': isinstance(exc, ValueError)}
                """.formatted(queue);
    }
}
