package dev.lovage.worker.internal.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.internal.RegisteredTask;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binds every call of the table CPython 3.11 produced (src/test/resources/binding/cpython-3.11-binding.json, written
 * by capture_cpython_binding.py beside it) through the typed-task binder: the same parameters bound, or the same
 * TypeError text.
 */
@Timeout(10)
final class BindingTableTest {
    private static final Map<String, RegisteredTask> TASKS = TypedTasks.of(new BindingFixtures()).stream()
            .collect(Collectors.toMap(RegisteredTask::name, t -> t));

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : table().get("cases")) {
            out.add(Arguments.of(c.get("case").asText(), c));
        }
        return out.stream();
    }

    private static JsonNode table() throws IOException {
        try (InputStream in = BindingTableTest.class.getResourceAsStream("/binding/cpython-3.11-binding.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bindsAsCPythonDoes(String name, JsonNode c) throws Exception {
        RegisteredTask task = TASKS.get("fixtures." + c.get("function").asText());
        assertThat(task).as("a Java twin of %s", c.get("function")).isNotNull();
        List<Object> args = (List<Object>) PyJson.read(c.get("args").toString());
        Map<String, Object> kwargs = (Map<String, Object>) PyJson.read(c.get("kwargs").toString());
        TaskArgs call = new TaskArgs(args, kwargs);
        if (c.has("bound")) {
            Object result = task.handler().handle(new FakeTaskContext(), call);
            assertThat(PyJson.write(result)).isEqualTo(PyJson.write(PyJson.read(c.get("bound").toString())));
        } else {
            Throwable thrown = catchThrowable(() -> task.handler().handle(new FakeTaskContext(), call));
            assertThat(thrown).isInstanceOf(PythonException.class);
            PythonException e = (PythonException) thrown;
            assertThat(e.module() + "." + e.type()).isEqualTo("builtins.TypeError");
            assertThat(e.args()).containsExactly(c.get("error").asText());
        }
    }

    @Test
    void tableWasCapturedFromCPython311AndCoversEveryKind() throws IOException {
        JsonNode table = table();
        assertThat(table.get("python").asText()).startsWith("3.11.");
        assertThat(table.get("implementation").asText()).isEqualTo("cpython");
        List<String> names = new ArrayList<>();
        table.get("cases").forEach(c -> names.add(c.get("case").asText()));
        for (String kind : List.of("positional", "keyword", "default", "varargs", "missing", "too_many", "unexpected",
                "wrong_type", "record", "nested_generics")) {
            assertThat(names).as(kind).anyMatch(n -> n.contains(kind));
        }
    }

    @Test
    void wrongTypeMessagesFollowCPythonsArgumentParserTemplate() throws IOException {
        // The template the wrong-type rows use, checked against real builtins' messages by the capture script.
        for (JsonNode check : table().get("template_checks")) {
            String message = check.get("func").asText() + "() argument '" + check.get("parameter").asText()
                    + "' must be " + check.get("expected").asText() + ", not " + check.get("got").asText();
            assertThat(message).isEqualTo(check.get("error").asText());
        }
    }
}
