package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.broker.redis.RedisTransportOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class KeyLayoutTest {
    private static final KeyLayout DEFAULT = new KeyLayout(RedisTransportOptions.DEFAULTS, 0);

    @Test
    void priorityStepsRoundDownAsKombuDoes() {
        // The captured lists: priority 5 went to "celery\x06\x163", 9 to "celery\x06\x169", 0 to "celery".
        assertThat(DEFAULT.queueKey("celery", 0)).isEqualTo("celery");
        assertThat(DEFAULT.queueKey("celery", 2)).isEqualTo("celery");
        assertThat(DEFAULT.queueKey("celery", 5)).isEqualTo("celery\u0006\u00163");
        assertThat(DEFAULT.queueKey("celery", 8)).isEqualTo("celery\u0006\u00166");
        assertThat(DEFAULT.queueKey("celery", 9)).isEqualTo("celery\u0006\u00169");
        assertThat(DEFAULT.queueKey("celery", 42)).isEqualTo("celery\u0006\u00169");
        assertThat(DEFAULT.queueKey("celery", -3)).isEqualTo("celery");
    }

    @Test
    void aPriorityBelowTheFirstStepWrapsToTheLastAsPythonsIndexDoes() {
        KeyLayout keys = new KeyLayout(RedisTransportOptions.from(Map.of("priority_steps", List.of(2, 5))), 0);
        assertThat(keys.step(0)).isEqualTo(5);
        assertThat(keys.queueKey("q", 3)).isEqualTo("q\u0006\u00162");
    }

    @Test
    void consumeOrderIsPriorityMajorLikeKombusBrpop() {
        assertThat(DEFAULT.consumeOrder(List.of("a", "b"))).containsExactly("a", "b", "a\u0006\u00163",
                "b\u0006\u00163", "a\u0006\u00166", "b\u0006\u00166", "a\u0006\u00169", "b\u0006\u00169");
    }

    @Test
    void globalKeyprefixGoesOnEveryKeyAndChannel() {
        // From the global_keyprefix capture: LPUSH gp:tq\x06\x163, PUBLISH gp:/2.ex_fan/rk1.
        KeyLayout keys = new KeyLayout(RedisTransportOptions.from(Map.of("global_keyprefix", "gp:")), 2);
        assertThat(keys.queueKey("tq", 3)).isEqualTo("gp:tq\u0006\u00163");
        assertThat(keys.fanoutChannel("ex_fan", "rk1")).isEqualTo("gp:/2.ex_fan/rk1");
        assertThat(keys.fanoutPattern("ex_fan", "")).isEqualTo("gp:/2.ex_fan");
        assertThat(keys.unacked()).isEqualTo("gp:unacked");
        assertThat(keys.unackedIndex()).isEqualTo("gp:unacked_index");
        assertThat(keys.unackedMutex()).isEqualTo("gp:unacked_mutex");
        assertThat(keys.bindings("ex_topic")).isEqualTo("gp:_kombu.binding.ex_topic");
        assertThat(keys.permanentBindings("ex_topic")).isEqualTo("gp:_kombu.binding_permanent.ex_topic");
        assertThat(keys.bindingDeadlines()).isEqualTo("gp:_kombu.binding_deadlines");
        assertThat(keys.queueOf("gp:tq\u0006\u00163")).isEqualTo("tq");
    }

    @Test
    void fanoutChannelsFollowPrefixAndPatternOptions() {
        assertThat(DEFAULT.fanoutChannel("celeryev", "worker.heartbeat")).isEqualTo("/0.celeryev/worker.heartbeat");
        assertThat(DEFAULT.fanoutPattern("celeryev", "task.#")).isEqualTo("/0.celeryev/task.*");
        assertThat(DEFAULT.fanoutChannel("celery.pidbox", "")).isEqualTo("/0.celery.pidbox");
        KeyLayout legacy = new KeyLayout(RedisTransportOptions.from(Map.of("fanout_prefix", false,
                "fanout_patterns", false)), 3);
        assertThat(legacy.fanoutChannel("celeryev", "worker.heartbeat")).isEqualTo("celeryev");
        KeyLayout custom = new KeyLayout(RedisTransportOptions.from(Map.of("fanout_prefix", "/x{db}.")), 3);
        assertThat(custom.fanoutChannel("celeryev", "")).isEqualTo("/x3.celeryev");
    }

    @Test
    void bindingMembersUseTheSeparator() {
        assertThat(DEFAULT.member("celery", "", "celery")).isEqualTo("celery\u0006\u0016\u0006\u0016celery");
        KeyLayout colon = new KeyLayout(RedisTransportOptions.from(Map.of("sep", ":")), 0);
        assertThat(colon.member("a.#", "^a\\..*?$", "tq")).isEqualTo("a.#:^a\\..*?$:tq");
        assertThat(colon.queueKey("q", 6)).isEqualTo("q:6");
    }
}
