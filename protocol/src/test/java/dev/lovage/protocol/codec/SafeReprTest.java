package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PyFormat.saferepr against what celery.utils.saferepr 5.7.0 printed for the same values (quoted below). */
final class SafeReprTest {

    @Test
    void writesArgsAsCeleryWritesArgsrepr() {
        assertThat(PyFormat.safeTupleRepr(Arrays.asList(1, "two", Arrays.asList(3.5, null), Map.of("k", true)), 1024))
                .isEqualTo("(1, 'two', [3.5, None], {'k': True})");
        assertThat(PyFormat.safeTupleRepr(List.of(), 1024)).isEqualTo("()");
        assertThat(PyFormat.safeTupleRepr(List.of(5), 1024)).isEqualTo("(5,)");
    }

    @Test
    void nestingBeyondThreeLevelsIsElided() {
        assertThat(PyFormat.safeTupleRepr(List.of(Map.of("a", List.of(List.of(1, List.of(2, List.of(3)))))), 1024))
                .isEqualTo("({'a': [[...]]},)");
    }

    @Test
    void quotesOnlyEscapeTheQuoteAndFloatsAreReprs() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("w", "it's");
        kwargs.put("n", null);
        kwargs.put("f", 1e16);
        kwargs.put("g", 0.1);
        assertThat(PyFormat.safeTupleRepr(List.of(kwargs), 1024))
                .isEqualTo("({'w': 'it\\'s', 'n': None, 'f': 1e+16, 'g': 0.1},)");
    }

    @Test
    void cutsAtTheLimitAsCeleryDoes() {
        assertThat(PyFormat.safeTupleRepr(List.of("x".repeat(50), "y"), 20)).isEqualTo("('xxxxxxxxxxxxxxxxxxx...', ...)");
        assertThat(PyFormat.safeTupleRepr(List.of(IntStream.range(0, 100).boxed().toList()), 40))
                .isEqualTo("([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, , ...],)");
        assertThat(PyFormat.safeTupleRepr(List.of("a b c d e f g h"), 10)).isEqualTo("('a b c d...',)");
    }
}
