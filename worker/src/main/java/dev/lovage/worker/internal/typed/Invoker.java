package dev.lovage.worker.internal.typed;

import org.jspecify.annotations.Nullable;

/**
 * Calls a task method (or an arguments record's constructor) with its Java arguments. The fixed-arity forms are
 * implemented by classes that {@link java.lang.invoke.LambdaMetafactory} spins at registration, so a call is a plain
 * interface call the JIT can inline, not a method-handle invocation.
 */
interface Invoker {
    @Nullable Object invoke(@Nullable Object[] a) throws Throwable;

    /** No parameter. */
    @FunctionalInterface
    interface Call0 extends Invoker {
        @Nullable Object call() throws Exception;

        @Override
        default @Nullable Object invoke(@Nullable Object[] a) throws Throwable {
            return call();
        }
    }

    /** One parameter. */
    @FunctionalInterface
    interface Call1 extends Invoker {
        @Nullable Object call(@Nullable Object a0) throws Exception;

        @Override
        default @Nullable Object invoke(@Nullable Object[] a) throws Throwable {
            return call(a[0]);
        }
    }

    /** Two parameters. */
    @FunctionalInterface
    interface Call2 extends Invoker {
        @Nullable Object call(@Nullable Object a0, @Nullable Object a1) throws Exception;

        @Override
        default @Nullable Object invoke(@Nullable Object[] a) throws Throwable {
            return call(a[0], a[1]);
        }
    }

    /** Three parameters. */
    @FunctionalInterface
    interface Call3 extends Invoker {
        @Nullable Object call(@Nullable Object a0, @Nullable Object a1, @Nullable Object a2) throws Exception;

        @Override
        default @Nullable Object invoke(@Nullable Object[] a) throws Throwable {
            return call(a[0], a[1], a[2]);
        }
    }

    /** Four parameters. */
    @FunctionalInterface
    interface Call4 extends Invoker {
        @Nullable Object call(@Nullable Object a0, @Nullable Object a1, @Nullable Object a2, @Nullable Object a3)
                throws Exception;

        @Override
        default @Nullable Object invoke(@Nullable Object[] a) throws Throwable {
            return call(a[0], a[1], a[2], a[3]);
        }
    }
}
