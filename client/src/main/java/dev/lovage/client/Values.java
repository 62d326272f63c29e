package dev.lovage.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** Typed access to result values, which arrive as plain Java from Python's JSON. */
final class Values {
    private Values() {
    }

    private static boolean fitsInt(Number n) {
        return n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= Integer.MIN_VALUE
                && n.longValue() <= Integer.MAX_VALUE && new BigDecimal(n.toString()).scale() <= 0;
    }

    static <T> @Nullable T as(@Nullable Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof Number n) {
            Object converted = switch (type.getName()) {
                case "java.lang.Integer" -> fitsInt(n) ? (Object) n.intValue() : null;
                case "java.lang.Long" -> n.longValue();
                case "java.lang.Double" -> n.doubleValue();
                case "java.math.BigInteger" -> new BigInteger(n.toString().replaceAll("\\..*", ""));
                case "java.math.BigDecimal" -> new BigDecimal(n.toString());
                default -> null;
            };
            if (converted != null) {
                return type.cast(converted);
            }
        }
        throw new ClassCastException("the result is a " + value.getClass().getName() + " (" + value + "), not a "
                + type.getName());
    }
}
