package dev.lovage.worker.internal.typed;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class InvokersTest {
    public static final class Target {
        final List<String> calls = new ArrayList<>();

        public long add(long x, long y) {
            return x + y;
        }

        public static String join(String a, String b, String c) {
            return a + b + c;
        }

        public void record(String what) {
            calls.add(what);
        }

        public int five(int a, int b, int c, int d, int e) {
            return a + b + c + d + e;
        }
    }

    record Pair(String left, int right) {
    }

    private static Invoker invoker(Method m, Object target) throws Exception {
        return Invokers.of(m, target, MethodHandles.lookup().unreflect(m));
    }

    @Test
    void upToFourParametersWithAResultCallTheMethodDirectly() throws Throwable {
        Target target = new Target();
        Invoker add = invoker(Target.class.getMethod("add", long.class, long.class), target);
        assertThat(add).isInstanceOf(Invoker.Call2.class);
        assertThat(add.invoke(new Object[] {2L, 3L})).isEqualTo(5L);
        Invoker join = invoker(Target.class.getMethod("join", String.class, String.class, String.class), null);
        assertThat(join).isInstanceOf(Invoker.Call3.class);
        assertThat(join.invoke(new Object[] {"a", "b", "c"})).isEqualTo("abc");
        var constructor = Pair.class.getDeclaredConstructor(String.class, int.class);
        Invoker pair = Invokers.of(constructor, null, MethodHandles.lookup().unreflectConstructor(constructor));
        assertThat(pair).isInstanceOf(Invoker.Call2.class);
        assertThat(pair.invoke(new Object[] {"l", 1})).isEqualTo(new Pair("l", 1));
    }

    @Test
    void voidMethodsAndLongerSignaturesGoThroughTheMethodHandle() throws Throwable {
        Target target = new Target();
        Invoker record = invoker(Target.class.getMethod("record", String.class), target);
        assertThat(record).isNotInstanceOf(Invoker.Call1.class);
        assertThat(record.invoke(new Object[] {"x"})).isNull();
        assertThat(target.calls).containsExactly("x");
        Invoker five = invoker(Target.class.getMethod("five", int.class, int.class, int.class, int.class, int.class),
                target);
        assertThat(five.invoke(new Object[] {1, 2, 3, 4, 5})).isEqualTo(15);
    }
}
