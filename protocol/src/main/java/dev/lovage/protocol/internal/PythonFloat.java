package dev.lovage.protocol.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that round-trip (which Java's {@code Double.toString} also finds
 * since JDK 19), laid out as Python does: fixed notation while the decimal point sits between 10^-4 and 10^16, else
 * {@code d.ddde+XX} (at least two exponent digits). Non-finite values as Python's json writes them: {@code NaN},
 * {@code Infinity}, {@code -Infinity}. Checked against Python 3.11 on a million random doubles. Stateless.
 */
public final class PythonFloat {
    private PythonFloat() {
    }

    /** {@code json.dumps(d)}: {@code 1.0}, {@code 0.1}, {@code 1e-05}, {@code 1e+16}, {@code -0.0}, {@code NaN}. */
    public static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (exact.precision() == 2) {
            // Java renders at least two digits and then picks the closest such decimal, which for subnormals is not
            // always the shortest (4.9E-324 where Python writes 5e-324).
            BigDecimal one = exact.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == Math.abs(d)) {
                exact = one.stripTrailingZeros();
            }
        }
        String digits = exact.unscaledValue().toString();
        // value = 0.<digits> x 10^decpt
        int decpt = digits.length() - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (decpt > -4 && decpt <= 16) {
            return sign + fixed(digits, decpt);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int exp = decpt - 1;
        String e = Integer.toString(Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    private static String fixed(String digits, int decpt) {
        if (decpt <= 0) {
            return "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
}
