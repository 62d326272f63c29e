package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.broker.redis.RedisBroker;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.RedisProbe;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lovage's Redis transport against Python's kombu itself, message by message: what one writes the other reads, in
 * both directions (lists, priorities, unacked records, restores, requeues, bindings, global_keyprefix). Broker
 * database 3 of the broker Redis.
 */
@Timeout(120)
final class RedisKombuIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DB = 3;
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private String queue;
    private RedisBroker broker;
    private RedisProbe redis;

    @BeforeEach
    void connect() {
        queue = LovageWorker.newQueue("kombu");
        redis = new RedisProbe(url());
    }

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
        redis.dropQueue(queue);
        redis.close();
    }

    private static String url() {
        return Services.get().redisBrokerUrl(DB);
    }

    private RedisBroker consume(Map<String, String> options, int prefetch) {
        broker = RedisBroker.create(CeleryConfig.builder().brokerUrl(url()).brokerTransportOptions(options).build());
        broker.connect();
        broker.consumer().start(List.of(queue), prefetch, received::add);
        return broker;
    }

    private Delivery next() throws InterruptedException {
        Delivery d = received.poll(30, TimeUnit.SECONDS);
        assertThat(d).as("a delivery within 30 s").isNotNull();
        return d;
    }

    private JsonNode python(String script, String... prefix) throws Exception {
        String options = prefix.length == 0 ? "{}" : "{'global_keyprefix': '" + prefix[0] + "'}";
        String out = Services.get().python().run("""
                import json, time
                from kombu import Connection, Exchange, Queue, Producer, Consumer
                Q = '%s'
                conn = Connection('%s', transport_options=%s)
                ch = conn.channel()
                def out(v):
                    print(json.dumps(v), flush=True)
                """.formatted(queue, url(), options) + script);
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void whatLovagePublishesKombuReadsWithItsPriority() throws Exception {
        broker = RedisBroker.create(CeleryConfig.builder().brokerUrl(url()).build());
        broker.connect();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("task", "tasks.add");
        headers.put("id", "abc");
        broker.producer().publish(new OutgoingMessage("", queue, new MessageProperties("abc", "application/json",
                "utf-8", "reply-1", 5, null), headers, "[[1, 2], {}, {}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(redis.redis().llen(queue + RedisProbe.SEP + "3")).isEqualTo(1);
        JsonNode r = python("""
                got = []
                def cb(body, m):
                    got.append([body, m.headers, m.properties['priority'], m.delivery_info['routing_key'],
                                m.properties['correlation_id'], m.properties['reply_to'], m.content_type])
                    m.ack()
                with Consumer(ch, [Queue(Q)], callbacks=[cb], accept=['json']):
                    conn.drain_events(timeout=10)
                out(got)
                """);
        assertThat(r.get(0).toString()).isEqualTo("[[[1,2],{},{}],{\"task\":\"tasks.add\",\"id\":\"abc\"},5,\""
                + queue + "\",\"abc\",\"reply-1\",\"application/json\"]");
        assertThat(redis.unacked()).isZero();
    }

    @Test
    void kombusPrioritiesArriveStepZeroFirstAndAKombuRestoreTakesBackALovageRecord() throws Exception {
        python("""
                p = Producer(ch)
                for pri in (9, 5, 0, 7, 2):
                    p.publish({'pri': pri}, routing_key=Q, priority=pri, serializer='json')
                out('ok')
                """);
        assertThat(redis.redis().llen(queue + RedisProbe.SEP + "6")).isEqualTo(1);
        consume(Map.of(), 1);
        Delivery first = next();
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"pri\": 0}");
        assertThat(first.properties().priority()).isZero();
        // Lovage's record is kombu's: QoS.restore_by_tag (WATCH/HGET/MULTI ... RPUSH/EXEC) takes it back.
        String tag = redis.unackedRecords().keySet().iterator().next();
        JsonNode r = python("""
                raw = ch.client.hget('unacked', '%s')
                message, exchange, routing_key = json.loads(raw)
                # Byte for byte what QoS.append writes: json.dumps([message._raw, exchange, routing_key]).
                same = raw.decode() == json.dumps([message, exchange, routing_key])
                ch.qos.restore_by_tag('%s')
                out([message['properties']['delivery_tag'], exchange, routing_key, same,
                     ch.client.hexists('unacked', '%s'), ch.client.llen(Q)])
                """.formatted(tag, tag, tag));
        assertThat(r.toString()).isEqualTo("[\"" + tag + "\",\"\",\"" + queue + "\",true,false,2]");
        // Its ack then leaves the message Python put back alone.
        broker.consumer().ack(first);
        Delivery again = next();
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("{\"pri\": 0}");
        assertThat(again.redelivered()).isTrue();
        broker.consumer().ack(again);
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Delivery d = next();
            order.add(new String(d.body(), StandardCharsets.UTF_8));
            broker.consumer().ack(d);
        }
        assertThat(order).containsExactly("{\"pri\": 2}", "{\"pri\": 5}", "{\"pri\": 7}", "{\"pri\": 9}");
        awaitNoRecords();
    }

    @Test
    void aRequeueGoesToTheTailMarkedRedeliveredAndKombuSeesIt() throws Exception {
        python("""
                p = Producer(ch)
                for n in (1, 2):
                    p.publish({'n': n}, routing_key=Q, serializer='json')
                out('ok')
                """);
        consume(Map.of(), 1);
        Delivery one = next();
        broker.consumer().reject(one, true);
        Delivery two = next();
        assertThat(new String(two.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\": 2}");
        broker.close();
        broker = null;
        // Closing put "two" back at the head; the requeued "one" waits behind it, as kombu leaves them.
        JsonNode r = python("""
                got = []
                def cb(body, m):
                    got.append([body['n'], m.delivery_info.get('redelivered', False)])
                    m.ack()
                with Consumer(ch, [Queue(Q)], callbacks=[cb], accept=['json']):
                    for _ in range(2):
                        conn.drain_events(timeout=10)
                out(got)
                """);
        assertThat(r.toString()).isEqualTo("[[2,true],[1,true]]");
        assertThat(redis.unacked()).isZero();
    }

    @Test
    void anAckLeavesARecordThatIsNoLongerLovages() throws Exception {
        python("Producer(ch).publish({'n': 1}, routing_key=Q, serializer='json')\nout('ok')");
        consume(Map.of(), 1);
        Delivery d = next();
        String tag = redis.unackedRecords().keySet().iterator().next();
        // As if the lease had lapsed and another consumer had popped a restored copy under the same tag.
        String theirs = redis.redis().hget("unacked", tag).replace("\"routing_key\": \"" + queue + "\"}",
                "\"routing_key\": \"" + queue + "\", \"redelivered\": true}");
        redis.redis().hset("unacked", tag, theirs);
        broker.consumer().ack(d);
        Thread.sleep(1000);
        assertThat(redis.redis().hget("unacked", tag)).isEqualTo(theirs);
        redis.redis().hdel("unacked", tag);
        redis.redis().zrem("unacked_index", tag);
    }

    @Test
    void bindingsAreKombusSoAKombuProducerFindsLovagesQueueThroughItsExchange() throws Exception {
        consume(Map.of(), 4);
        assertThat(redis.redis().smembers("_kombu.binding." + queue))
                .containsExactly(queue + RedisProbe.SEP + RedisProbe.SEP + queue);
        assertThat(redis.redis().smembers("_kombu.binding_permanent." + queue))
                .containsExactly(queue + RedisProbe.SEP + RedisProbe.SEP + queue);
        python("""
                Producer(ch).publish({'via': 'exchange'}, exchange=Q, routing_key=Q, serializer='json')
                out('ok')
                """);
        Delivery d = next();
        assertThat(d.exchange()).isEqualTo(queue);
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("{\"via\": \"exchange\"}");
        broker.consumer().ack(d);
        awaitNoRecords();
        redis.redis().del("_kombu.binding." + queue, "_kombu.binding_permanent." + queue);
    }

    @Test
    void globalKeyprefixAndTopicRoutingAsKombuLaysThemOut() throws Exception {
        // The global_keyprefix capture: a topic exchange, binding 'a.#', priority 3, every key prefixed.
        python("""
                ex = Exchange('ex_topic_' + Q, type='topic')
                q = Queue(Q, ex, routing_key='a.#')
                q.declare(channel=ch)
                Producer(ch).publish({'x': 1}, exchange=ex, routing_key='a.b.c', priority=3, serializer='json')
                out('ok')
                """, "gp:");
        try (RedisProbe prefixed = new RedisProbe(url(), "gp:")) {
            assertThat(prefixed.depth(queue)).isEqualTo(1);
            assertThat(redis.redis().llen("gp:" + queue + RedisProbe.SEP + "3")).isEqualTo(1);
            assertThat(redis.redis().smembers("gp:_kombu.binding.ex_topic_" + queue))
                    .containsExactly("a.#" + RedisProbe.SEP + "^a\\..*?$" + RedisProbe.SEP + queue);
            consume(Map.of("global_keyprefix", "gp:"), 4);
            Delivery d = next();
            assertThat(d.routingKey()).isEqualTo("a.b.c");
            assertThat(d.properties().priority()).isEqualTo(3);
            assertThat(prefixed.unacked()).isEqualTo(1);
            broker.consumer().reject(d, true);
            Delivery again = next();
            assertThat(again.redelivered()).isTrue();
            broker.consumer().ack(again);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (prefixed.unacked() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(prefixed.unacked()).isZero();
            prefixed.dropQueue(queue);
            redis.redis().del("gp:_kombu.binding.ex_topic_" + queue, "gp:_kombu.binding_permanent.ex_topic_" + queue,
                    "gp:_kombu.binding." + queue, "gp:_kombu.binding_permanent." + queue);
        }
    }

    private void awaitNoRecords() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (redis.unacked() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(redis.unacked()).isZero();
    }
}
