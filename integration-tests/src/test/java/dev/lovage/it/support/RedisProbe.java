package dev.lovage.it.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Looks at (and writes to) a Redis broker as kombu lays it out, independently of Lovage's own code: the lists of a
 * queue (one per priority step, {@code \x06\x16} between name and step), {@code unacked}, {@code unacked_index}.
 */
public final class RedisProbe implements AutoCloseable {
    public static final String SEP = "\u0006\u0016";
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;

    public RedisProbe(String url) {
        this(url, "");
    }

    /** A probe of {@code url} whose keys carry {@code globalKeyprefix}. */
    public RedisProbe(String url, String globalKeyprefix) {
        client = RedisClient.create(url);
        connection = client.connect();
        prefix = globalKeyprefix;
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Messages waiting in {@code queue}, all priority steps. */
    public long depth(String queue) {
        long n = 0;
        for (String list : new String[] {queue, queue + SEP + 3, queue + SEP + 6, queue + SEP + 9}) {
            n += redis().llen(prefix + list);
        }
        return n;
    }

    /** Records in {@code unacked}. */
    public long unacked() {
        return redis().hlen(prefix + "unacked");
    }

    /** Whether {@code tag} has a record in {@code unacked} (or {@code unacked_index}). */
    public boolean recorded(String tag) {
        return redis().hexists(prefix + "unacked", tag) || redis().zscore(prefix + "unacked_index", tag) != null;
    }

    /**
     * LPUSHes a message to {@code queue} as kombu stores one (body base64), with the given content type, headers
     * JSON and body; returns its delivery tag.
     */
    public String pushRaw(String queue, String contentType, String headersJson, byte[] body) {
        String tag = UUID.randomUUID().toString();
        String element = "{\"body\": \"" + Base64.getEncoder().encodeToString(body) + "\", \"content-encoding\": "
                + "\"utf-8\", \"content-type\": \"" + contentType + "\", \"headers\": " + headersJson
                + ", \"properties\": {\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\", "
                + "\"routing_key\": \"" + queue + "\"}, \"priority\": 0, \"body_encoding\": \"base64\", "
                + "\"delivery_tag\": \"" + tag + "\"}}";
        redis().lpush(prefix + queue, element);
        return tag;
    }

    /** LPUSHes {@code element} as it is to {@code queue}'s step-0 list. */
    public void pushElement(String queue, String element) {
        redis().lpush(prefix + queue, element);
    }

    /** Deletes the keys this probe's tests made: every list of {@code queue}. */
    public void dropQueue(String queue) {
        redis().del(prefix + queue, prefix + queue + SEP + 3, prefix + queue + SEP + 6, prefix + queue + SEP + 9);
    }

    /** The fields of {@code unacked} with their records. */
    public Map<String, String> unackedRecords() {
        return redis().hgetall(prefix + "unacked");
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
