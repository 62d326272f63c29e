package dev.lovage.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of random values, drawing everything it chooses from the {@link RandomGenerator} it is given: the same
 * seed gives the same values, so a failing case is replayed by its seed alone. Sizes and numbers lean to their edges
 * (empty, one, the bounds, small magnitudes) as well as spreading over their whole range, because that is where
 * parsers break.
 *
 * @param <T> what it generates
 * @since 0.1
 */
@FunctionalInterface
public interface Gen<T> {
    /** The next value, drawn from {@code random}. */
    T next(RandomGenerator random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    /** A generator chosen by this one's value, then drawn from. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return r -> f.apply(next(r)).next(r);
    }

    /** Lists of this generator's values, of {@code minSize} to {@code maxSize} elements. */
    default Gen<List<T>> list(int minSize, int maxSize) {
        Gen<Integer> size = ints(minSize, maxSize);
        return r -> {
            int n = size.next(r);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(next(r));
            }
            return out;
        };
    }

    /** One of {@code values}, each as likely (nulls allowed). */
    static <T> Gen<T> of(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** A value from one of {@code gens}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> all = List.of(gens);
        return r -> all.get(r.nextInt(all.size())).next(r);
    }

    /** A value from one of the weighted generators, chosen in proportion to the weights. */
    @SafeVarargs
    static <T> Gen<T> frequencyOf(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<? extends T> w : all) {
                pick -= w.weight();
                if (pick < 0) {
                    return w.gen().next(r);
                }
            }
            throw new AssertionError("weights changed under the generator");
        };
    }

    static <T> Weighted<T> weight(int weight, Gen<T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A generator with its weight in {@link #frequencyOf}. */
    record Weighted<T>(int weight, Gen<T> gen) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight " + weight + " is not positive");
            }
        }
    }

    /** Integers from {@code min} to {@code max}, both included: the bounds, just above the minimum, small, or any. */
    static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        return r -> {
            long span = (long) max - min;
            return switch (r.nextInt(16)) {
                case 0 -> min;
                case 1 -> max;
                case 2, 3 -> (int) (min + r.nextLong(Math.min(span, 16) + 1));
                case 4, 5, 6, 7 -> (int) (min + r.nextLong(1L << r.nextInt(64 - Long.numberOfLeadingZeros(span + 1)))
                        % (span + 1));
                default -> (int) r.nextLong(min, (long) max + 1);
            };
        };
    }

    /** Any int: 0, ±1, the extremes, small magnitudes of either sign, or any of the 2^32. */
    static Gen<Integer> anyInt() {
        Gen<Integer> small = ints(-1000, 1000);
        Gen<Integer> edge = of(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
                Integer.MIN_VALUE + 1, 127, 128, -128, -129, 255, 256, 65_535, 65_536));
        return r -> switch (r.nextInt(4)) {
            case 0 -> edge.next(r);
            case 1 -> small.next(r);
            default -> r.nextInt();
        };
    }

    /**
     * Any double: zeros, extremes, subnormals, NaN and the infinities, decimals of two places (a price, a ratio), or
     * any bit pattern.
     */
    static Gen<Double> anyDouble() {
        Gen<Double> edge = of(List.of(0.0, -0.0, 1.0, -1.0, 0.1, 0.01, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 9007199254740993.0, 1e-300, 1e300));
        return r -> switch (r.nextInt(4)) {
            case 0 -> edge.next(r);
            case 1 -> r.nextLong(-1_000_000_00L, 1_000_000_00L) / 100.0;
            case 2 -> (r.nextBoolean() ? 1 : -1) * r.nextDouble() * Math.pow(10, r.nextInt(-20, 21));
            default -> Double.longBitsToDouble(r.nextLong());
        };
    }

    /** Byte arrays of up to {@code maxSize} bytes, each byte any value. */
    static Gen<byte[]> bytes(int maxSize) {
        Gen<Integer> size = ints(0, maxSize);
        return r -> {
            byte[] out = new byte[size.next(r)];
            r.nextBytes(out);
            return out;
        };
    }

    /**
     * Strings of up to {@code maxLength} chars: mostly printable ASCII, with control chars, quotes and backslashes,
     * any char of the Basic Multilingual Plane (lone surrogates included) and whole surrogate pairs.
     */
    static Gen<String> strings(int maxLength) {
        Gen<Integer> length = ints(0, maxLength);
        return r -> {
            int n = length.next(r);
            StringBuilder sb = new StringBuilder(n);
            while (sb.length() < n) {
                switch (r.nextInt(20)) {
                    case 0, 1 -> sb.append((char) r.nextInt(0x20));
                    case 2 -> sb.append(r.nextBoolean() ? '"' : '\\');
                    case 3, 4, 5, 6 -> sb.append((char) r.nextInt(0x10000));
                    case 7 -> sb.appendCodePoint(r.nextInt(0x10000, 0x110000));
                    default -> sb.append((char) r.nextInt(0x20, 0x7f));
                }
            }
            return sb.length() > n ? sb.substring(0, n) : sb.toString();
        };
    }
}
