package dev.lovage.worker.internal.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.Arg;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskDef;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskRegistrationException;
import dev.lovage.worker.internal.RegisteredTask;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class TypedTasksTest {
    private static final OffsetDateTime WHEN = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000,
            ZoneOffset.ofHours(2));
    private static final UUID ID = UUID.fromString("6f1e6a3b-2c4d-4e5f-8a9b-0c1d2e3f4a5b");

    /** An order as a Python dict with kombu's typed values inside. */
    public record Order(UUID id, BigDecimal amount, OffsetDateTime placed, byte[] note, List<Line> lines) {
    }

    public record Line(String sku, int quantity) {
    }

    public enum Colour { RED, GREEN }

    public static final class Typed {
        @CeleryTask(name = "t.order")
        public Order order(Order order) {
            return order;
        }

        @CeleryTask(name = "t.kinds")
        public Map<String, Object> kinds(Instant instant, OffsetDateTime at, LocalDate day, UUID id, BigDecimal amount,
                byte[] data, BigInteger big) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instant", instant);
            out.put("at", at);
            out.put("day", day);
            out.put("id", id);
            out.put("amount", amount);
            out.put("data", data);
            out.put("big", big);
            return out;
        }

        @CeleryTask(name = "t.optional")
        public String optional(Optional<String> name, @Arg("n") Optional<Integer> count) {
            return name.orElse("nobody") + count.map(c -> "x" + c).orElse("");
        }

        @CeleryTask(name = "t.colour", queue = "java", rateLimit = "10/s", timeLimit = "1.5", maxRetries = "None",
                acksLate = "true", retryBackoff = "true", autoretryFor = IOException.class)
        public Colour colour(Colour c) {
            return c;
        }

        @CeleryTask(name = "t.long")
        public long asLong(long x) {
            return x;
        }

        @CeleryTask
        public void nothing() {
        }

        @CeleryTask(name = "t.path")
        public int path(List<Line> lines) {
            return lines.size();
        }
    }

    private static Map<String, RegisteredTask> tasks(Object target) {
        Map<String, RegisteredTask> out = new LinkedHashMap<>();
        TypedTasks.of(target).forEach(t -> out.put(t.name(), t));
        return out;
    }

    private static @Nullable Object call(RegisteredTask task, List<@Nullable Object> args,
            Map<String, @Nullable Object> kwargs) throws Exception {
        return task.handler().handle(new FakeTaskContext(), new TaskArgs(args, kwargs));
    }

    private static final Map<String, RegisteredTask> TYPED = tasks(new Typed());

    @Test
    void recordsWithKombuTypesArriveFromDictsAndGoBackAsDictsWithTheSameTypes() throws Exception {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", ID);
        order.put("amount", new BigDecimal("12.50"));
        order.put("placed", WHEN);
        order.put("note", "hi".getBytes());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", "a");
        line.put("quantity", 2);
        order.put("lines", List.of(line));
        Object result = call(TYPED.get("t.order"), List.of(order), Map.of());
        assertThat(PyJson.write(result)).isEqualTo(PyJson.write(order));
        assertThat(PyJson.write(result)).contains("{\"__type__\": \"datetime\", \"__value__\": "
                + "\"2024-05-06T07:08:09.123456+02:00\"}");
    }

    @Test
    void kombuValuesAndKombu52StringsConvertToJavaTypes() throws Exception {
        List<@Nullable Object> typed = List.of(WHEN, WHEN, LocalDate.of(2024, 5, 6), ID, new BigDecimal("1.10"),
                new byte[] {1, 2}, 12);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) call(TYPED.get("t.kinds"), typed, Map.of());
        assertThat(out.get("instant")).isEqualTo(WHEN.toInstant());
        assertThat(out.get("at")).isEqualTo(WHEN);
        assertThat(out.get("big")).isEqualTo(BigInteger.valueOf(12));
        // A Celery 5.2 client sends these as strings: isoformat(), str(uuid), str(Decimal), text.
        List<@Nullable Object> strings = List.of("2024-05-06T07:08:09.123456+02:00",
                "2024-05-06T07:08:09.123456+02:00", "2024-05-06", ID.toString(), "1.10", "hi", 12);
        @SuppressWarnings("unchecked")
        Map<String, Object> fromStrings = (Map<String, Object>) call(TYPED.get("t.kinds"), strings, Map.of());
        assertThat(fromStrings.get("instant")).isEqualTo(WHEN.toInstant());
        assertThat(fromStrings.get("at")).isEqualTo(WHEN);
        assertThat(fromStrings.get("id")).isEqualTo(ID);
        assertThat(fromStrings.get("amount")).isEqualTo(new BigDecimal("1.10"));
        assertThat((byte[]) fromStrings.get("data")).containsExactly('h', 'i');
    }

    @Test
    void optionalParametersDefaultToEmpty() throws Exception {
        assertThat(call(TYPED.get("t.optional"), List.of(), Map.of())).isEqualTo("nobody");
        assertThat(call(TYPED.get("t.optional"), List.of("ann"), Map.of("n", 3))).isEqualTo("annx3");
        Map<String, @Nullable Object> none = new LinkedHashMap<>();
        none.put("name", null);
        assertThat(call(TYPED.get("t.optional"), List.of(), none)).isEqualTo("nobody");
    }

    @Test
    void annotationOptionsBecomeTaskOptions() throws Exception {
        TaskOptions o = TYPED.get("t.colour").options();
        assertThat(o.queue()).isEqualTo("java");
        assertThat(o.rateLimit()).isEqualTo("10/s");
        assertThat(o.timeLimit()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.maxRetries()).isNull();
        assertThat(o.acksLate()).isTrue();
        assertThat(o.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.autoretryFor()).containsExactly(IOException.class);
        assertThat(TYPED.get("t.long").options()).isEqualTo(TaskOptions.DEFAULTS);
        assertThat(call(TYPED.get("t.colour"), List.of("GREEN"), Map.of())).isEqualTo("GREEN");
    }

    @Test
    void unnamedTaskIsNamedAfterClassAndMethodAndVoidReturnsNone() throws Exception {
        String name = Typed.class.getName() + ".nothing";
        assertThat(TYPED).containsKey(name);
        assertThat(call(TYPED.get(name), List.of(), Map.of())).isNull();
    }

    @Test
    void nestedValueOfTheWrongTypeIsATypeErrorSayingWhere() {
        List<@Nullable Object> lines = List.of(List.of(Map.of("sku", "a", "quantity", 1),
                Map.of("sku", "b", "quantity", "two")));
        assertThatThrownBy(() -> call(TYPED.get("t.path"), lines, Map.of()))
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("path() argument 'lines' must be list[Line]: [1]['quantity'] must be int, not str");
        List<@Nullable Object> extra = List.of(List.of(Map.of("sku", "a", "quantity", 1, "colour", "red")));
        assertThatThrownBy(() -> call(TYPED.get("t.path"), extra, Map.of()))
                .hasMessageContaining("path() argument 'lines' must be list[Line]: [0]['colour'] is not a field of Line");
    }

    @Test
    void intOutsideTheJavaTypeIsPythonsOverflowError() {
        assertThatThrownBy(() -> call(TYPED.get("t.long"), List.of(new BigInteger("99999999999999999999")), Map.of()))
                .isInstanceOfSatisfying(PythonException.class, e -> {
                    assertThat(e.type()).isEqualTo("OverflowError");
                    assertThat(e.args()).containsExactly("Python int too large to convert to Java long");
                });
    }

    record AddArgs(long x, @Arg(defaultValue = "10") long y) {
    }

    @Test
    void taskDefBindsItsRecordAndNamesTheFunctionAfterTheTask() throws Exception {
        TaskDef<AddArgs, Long> add = TaskDef.of("tasks.math.add", AddArgs.class, Long.class,
                (ctx, a) -> a.x() + a.y());
        RegisteredTask task = TypedTasks.of(add.withOptions(TaskOptions.builder().queue("q").build()));
        assertThat(task.name()).isEqualTo("tasks.math.add");
        assertThat(task.options().queue()).isEqualTo("q");
        assertThat(call(task, List.of(2), Map.of())).isEqualTo(12L);
        assertThat(call(task, List.of(), Map.of("x", 2, "y", 3))).isEqualTo(5L);
        assertThatThrownBy(() -> call(task, List.of(), Map.of()))
                .hasMessageContaining("add() missing 1 required positional argument: 'x'");
    }

    public static class Service {
        @CeleryTask(name = "svc.hello")
        public String hello(String name) {
            return "hello " + name;
        }
    }

    /** What a subclass proxy (Spring's CGLIB) looks like: the override carries no annotation. */
    public static final class Proxy extends Service {
        @Override
        public String hello(String name) {
            return "proxied " + super.hello(name);
        }
    }

    @Test
    void annotationsOnASuperclassAreFoundAndCallsGoThroughTheOverride() throws Exception {
        RegisteredTask task = tasks(new Proxy()).get("svc.hello");
        assertThat(call(task, List.of("ann"), Map.of())).isEqualTo("proxied hello ann");
    }

    public static final class Bad {
        @CeleryTask(name = "bad.private")
        String hidden() {
            return "";
        }
    }

    public static final class BadOption {
        @CeleryTask(name = "bad.option", timeLimit = "soon")
        public void run() {
        }
    }

    public static final class BadDefault {
        @CeleryTask(name = "bad.default")
        public void run(@Arg(defaultValue = "1") int x, int y) {
        }
    }

    @Test
    void registrationFailsEarlyNamingTheProblem() {
        assertThatThrownBy(() -> TypedTasks.of(new Bad())).isInstanceOf(TaskRegistrationException.class)
                .hasMessageContaining("must be public");
        assertThatThrownBy(() -> TypedTasks.of(new BadOption())).isInstanceOf(TaskRegistrationException.class)
                .hasMessageContaining("@CeleryTask(timeLimit = \"soon\"): expected seconds");
        assertThatThrownBy(() -> TypedTasks.of(new BadDefault())).isInstanceOf(TaskRegistrationException.class)
                .hasMessageContaining("run(): parameter 'y' has no default but follows one that has");
        assertThatThrownBy(() -> TypedTasks.of(new Object())).isInstanceOf(TaskRegistrationException.class)
                .hasMessageContaining("has no public @CeleryTask method");
    }

    @Test
    void builderRegistersObjectsAndDefinitionsAndRefusesADuplicateName() {
        CeleryWorkerBuilder builder = CeleryWorker.builder(CeleryConfig.builder().build())
                .tasks(new Service())
                .task(TaskDef.of("tasks.add", AddArgs.class, Long.class, (ctx, a) -> a.x() + a.y()));
        assertThat(builder.registeredNames()).containsExactly("svc.hello", "tasks.add");
        assertThatThrownBy(() -> builder.tasks(new Proxy())).isInstanceOf(TaskRegistrationException.class)
                .hasMessageContaining("'svc.hello' is already registered");
    }
}
