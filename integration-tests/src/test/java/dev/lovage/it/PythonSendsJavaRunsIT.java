package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.RedisInspector;
import dev.lovage.it.support.RedisProbe;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Python Celery (the pinned newest 5.x) sends, a Lovage worker runs, Python reads the result: on RabbitMQ and on a
 * Redis broker (kombu's Redis transport).
 */
@Timeout(120)
@ParameterizedClass(name = "on {0}")
@EnumSource(TestBroker.class)
final class PythonSendsJavaRunsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LovageWorker worker;

    @Parameter
    TestBroker broker;

    @BeforeParameterizedClassInvocation
    static void startWorker(TestBroker broker) {
        worker = LovageWorker.start(broker, LovageWorker.newQueue("interop"), c -> c);
    }

    @AfterParameterizedClassInvocation
    static void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    private JsonNode python(String body) throws Exception {
        String stdout = broker.python().run(Py.prelude(worker.queue()) + body);
        String[] lines = stdout.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void addDelayGetReturnsFive() throws Exception {
        assertThat(python("out(add.delay(2, 3).get(timeout=10))").asInt()).isEqualTo(5);
    }

    @Test
    void keywordArgumentsReachTheJavaTask() throws Exception {
        JsonNode r = python("""
                out([add.apply_async(kwargs={'x': 2, 'y': 40}).get(timeout=10),
                     echo.delay(1, 'two', None, k=[1, 2], flag=True).get(timeout=10)])
                """);
        assertThat(r.get(0).asInt()).isEqualTo(42);
        assertThat(r.get(1).toString()).isEqualTo("{\"args\":[1,\"two\",null],\"kwargs\":{\"k\":[1,2],\"flag\":true}}");
    }

    @Test
    void unicodeRoundTrips() throws Exception {
        JsonNode r = python("""
                s = 'héllo wörld ✓ 😀 中文 \\u0000 "q" \\\\ \\n'
                out(echo.delay(s).get(timeout=10)['args'][0] == s)
                """);
        assertThat(r.asBoolean()).isTrue();
    }

    @Test
    void aOneMebibytePayloadRoundTrips() throws Exception {
        JsonNode r = python("""
                s = 'x' * (1024 * 1024)
                got = echo.delay(s).get(timeout=30)['args'][0]
                out([len(got), got == s])
                """);
        assertThat(r.get(0).asInt()).isEqualTo(1024 * 1024);
        assertThat(r.get(1).asBoolean()).isTrue();
    }

    @Test
    void everyKombuJsonTypeRoundTripsWithItsType() throws Exception {
        JsonNode r = python("""
                values = {
                    'dt': datetime.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc),
                    'naive': datetime.datetime(2024, 1, 2, 3, 4, 5),
                    'd': datetime.date(2024, 1, 2),
                    't': datetime.time(3, 4, 5),
                    'dec': decimal.Decimal('1.10'),
                    'u': uuid.UUID('12345678-1234-5678-1234-567812345678'),
                    'b_utf8': b'abc',
                    'b_bin': b'\\xff\\x00',
                    'f': 0.1, 'big': 2 ** 70, 'neg': -7,
                }
                got = echo.delay(**values).get(timeout=10)['kwargs']
                out({k: [got[k] == v, type(got[k]).__name__, type(v).__name__] for k, v in values.items()})
                """);
        r.fields().forEachRemaining(e -> assertThat(e.getValue().get(0).asBoolean())
                .as("%s came back as %s, sent as %s", e.getKey(), e.getValue().get(1), e.getValue().get(2))
                .isTrue());
        assertThat(r.size()).isEqualTo(11);
    }

    @Test
    void aFailureRaisesTheMappedExceptionWithItsMessage() throws Exception {
        JsonNode r = python("""
                try:
                    fail.delay('boom').get(timeout=10)
                    out('no exception')
                except Exception as e:
                    out(describe(e))
                """);
        assertThat(r.get("type").asText()).isEqualTo("ValueError");
        assertThat(r.get("module").asText()).isEqualTo("builtins");
        assertThat(r.get("args").toString()).isEqualTo("[\"boom\"]");
        assertThat(r.get("value_error").asBoolean()).isTrue();
    }

    @Test
    void anUnknownTaskFailsWithNotRegistered() throws Exception {
        JsonNode r = python("""
                res = app.send_task('tasks.not_here', args=(1,), queue='%s')
                try:
                    res.get(timeout=10)
                    out('no exception')
                except Exception as e:
                    out(describe(e))
                """.formatted(worker.queue()));
        assertThat(r.get("type").asText()).isEqualTo("NotRegistered");
        assertThat(r.get("module").asText()).isEqualTo("celery.exceptions");
        assertThat(r.get("args").toString()).isEqualTo("[\"tasks.not_here\"]");
    }

    @Test
    void aMalformedMessageIsRejectedAndTheNextOneServed() throws Exception {
        if (broker == TestBroker.REDIS) {
            malformedOnRedis();
            return;
        }
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(Services.get().amqpUrl());
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.basicPublish("", worker.queue(), new AMQP.BasicProperties.Builder().contentType("application/json")
                            .contentEncoding("utf-8").headers(Map.of("task", "tasks.add", "id", "bad-1")).build(),
                    "[[1, 2], {".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("", worker.queue(), new AMQP.BasicProperties.Builder().contentType("application/json")
                    .build(), "{\"no\": \"task\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(python("out(add.delay(20, 22).get(timeout=10))").asInt()).isEqualTo(42);
            // Rejected without requeue: nothing waits in the queue and nothing is redelivered.
            assertThat(ch.queueDeclarePassive(worker.queue()).getMessageCount()).isZero();
            assertThat(worker.worker().state().name()).isEqualTo("RUNNING");
        }
    }

    // The same bad messages as kombu envelopes, plus list elements that are no kombu message at all.
    private void malformedOnRedis() throws Exception {
        try (RedisProbe redis = new RedisProbe(broker.url())) {
            String bad = redis.pushRaw(worker.queue(), "application/json",
                    "{\"task\": \"tasks.add\", \"id\": \"bad-1\"}", "[[1, 2], {".getBytes(StandardCharsets.UTF_8));
            String noTask = redis.pushRaw(worker.queue(), "application/json", "{}",
                    "{\"no\": \"task\"}".getBytes(StandardCharsets.UTF_8));
            redis.pushElement(worker.queue(), "not json at all");
            redis.pushElement(worker.queue(), "{\"body\": \"e30=\", \"properties\": {}}");
            assertThat(python("out(add.delay(20, 22).get(timeout=10))").asInt()).isEqualTo(42);
            // Dropped (Redis has no dead-letter exchange): nothing waits, nothing stays recorded as held.
            assertThat(redis.depth(worker.queue())).isZero();
            assertThat(redis.recorded(bad)).isFalse();
            assertThat(redis.recorded(noTask)).isFalse();
            assertThat(worker.worker().state().name()).isEqualTo("RUNNING");
        }
    }

    @Test
    void aProtocolOneMessageIsServed() throws Exception {
        JsonNode r = python("""
                app.conf.task_protocol = 1
                out(add.delay(7, 8).get(timeout=10))
                """);
        assertThat(r.asInt()).isEqualTo(15);
    }

    @Test
    void compressedMessagesAreServed() throws Exception {
        JsonNode r = python("""
                out([add.apply_async((1, 2), compression=c).get(timeout=10) for c in ('zlib', 'bzip2', 'lzma', 'gzip')])
                """);
        assertThat(r.toString()).isEqualTo("[3,3,3,3]");
    }

    @Test
    void ignoreResultLeavesNoKey() throws Exception {
        JsonNode r = python("""
                ignored = add.apply_async((1, 2), ignore_result=True)
                after = add.delay(3, 4).get(timeout=10)
                time.sleep(0.5)
                out([ignored.id, after])
                """);
        assertThat(r.get(1).asInt()).isEqualTo(7);
        try (RedisInspector redis = new RedisInspector()) {
            assertThat(redis.result(r.get(0).asText())).isNull();
        }
    }

    @Test
    void aResultDocumentIsWhatPythonWouldWrite() throws Exception {
        JsonNode r = python("""
                res = add.delay(2, 3)
                res.get(timeout=10)
                out(res.id)
                """);
        try (RedisInspector redis = new RedisInspector()) {
            String raw = redis.result(r.asText());
            assertThat(raw).matches("\\{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, \"children\": \\[\\], "
                    + "\"date_done\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00\", "
                    + "\"task_id\": \"" + r.asText() + "\"\\}");
            assertThat(redis.redis().ttl("celery-task-meta-" + r.asText())).isBetween(86_300L, 86_400L);
        }
    }
}
