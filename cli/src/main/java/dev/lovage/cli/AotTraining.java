package dev.lovage.cli;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The training run behind bin/lovage's AOT cache (JDK 25+) or CDS archive (JDK 21-24): the JVM started with
 * {@code -Dlovage.aot.training=true} and the worker's own command line goes through the worker's start-up path
 * (settings, logging, the task app, the result backend, the broker connection, one message decoded and one result
 * encoded) and exits without consuming a queue, so that the classes and profiles the JVM records are the ones a
 * start needs, and no task of anyone's is taken. A broker or Redis that cannot be reached (the Docker image build)
 * is skipped after one attempt: the classes of the attempt are recorded all the same.
 */
final class AotTraining {
    static final String PROPERTY = "lovage.aot.training";
    private static final String TRAINING_ID = "00000000-0000-4000-8000-00000000a07c";

    private AotTraining() {
    }

    static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** The backend after one attempt, or null: the training never waits for Redis. */
    static @Nullable RedisResultBackend connectOnce(CeleryConfig config) {
        try {
            RedisResultBackend backend = RedisResultBackend.connect(config);
            backend.get(TRAINING_ID);
            return backend;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Connects to the broker once and disconnects, then runs the codecs of one task; always 0. */
    static int run(CeleryConfig config) {
        CeleryConfig once = config.toBuilder().brokerConnectionRetryOnStartup(false).build();
        try (Broker broker = BrokerFactory.forConfig(once)) {
            broker.connect();
        } catch (RuntimeException e) {
            // Not reachable here (an image build): the client's classes are loaded by the attempt.
        }
        Map<String, @Nullable Object> headers = new LinkedHashMap<>();
        headers.put("lang", "py");
        headers.put("task", "celery.accumulate");
        headers.put("id", TRAINING_ID);
        headers.put("root_id", TRAINING_ID);
        headers.put("retries", 0);
        headers.put("timelimit", List.of());
        byte[] body = "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]"
                .getBytes(StandardCharsets.UTF_8);
        MessageDecoder decoder = MessageDecoder.create(DecoderOptions.DEFAULTS);
        TaskMessage message = decoder.decodeDeferred(MessageProperties.JSON, headers, body);
        message.body();
        ResultMetaCodec.decode(ResultMetaCodec.encode(new ResultMeta(TRAINING_ID, TaskState.SUCCESS, 5, null,
                List.of(), Instant.now(), null, null, null)));
        return 0;
    }
}
