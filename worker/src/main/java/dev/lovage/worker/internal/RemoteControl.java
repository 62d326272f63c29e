package dev.lovage.worker.internal;

import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.worker.UrlMasker;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.CeleryConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of Celery's remote control (kombu/pidbox.py Node, celery/worker/control.py): a request sent to
 * {@code celery.pidbox} is matched against this node, run, and answered on the reply exchange as
 * {@code {"<node>": <reply>}}. Requests run one at a time on the {@code celery-control} thread.
 */
public final class RemoteControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteControl.class);

    private final String hostname;
    private final ControlMailbox mailbox;
    private final LamportClock clock;
    private final ControlCommands commands;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("celery-control").daemon(true).factory());

    public RemoteControl(String hostname, ControlMailbox mailbox, LamportClock clock, ControlCommands commands) {
        this.hostname = hostname;
        this.mailbox = mailbox;
        this.clock = clock;
        this.commands = commands;
    }

    /**
     * Starts consuming this node's mailbox. Another node holding the name is only warned about, as Celery's
     * W_PIDBOX_IN_USE is: the worker serves tasks without remote control.
     */
    public void listen() {
        try {
            mailbox.listen(hostname, this::accept);
        } catch (BrokerException e) {
            log.warn("A node named {} is already using this process mailbox! Did you forget to shut the other node "
                    + "down, or mean to start several nodes? Give each a unique node name (-n). Remote control is "
                    + "off for this worker: {}", hostname, e.getMessage());
        }
    }

    /** Called on the broker's thread: hands the request to the control thread. */
    public void accept(byte[] body) {
        thread.execute(() -> handle(body));
    }

    @SuppressWarnings("unchecked")
    private void handle(byte[] body) {
        Map<String, @Nullable Object> request;
        try {
            request = (Map<String, @Nullable Object>) PyJson.read(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.warn("Ignoring a remote-control message that is not JSON: {}", e.getMessage());
            return;
        }
        if (!forMe(request)) {
            return;
        }
        String method = String.valueOf(request.get("method"));
        Map<String, @Nullable Object> arguments = request.get("arguments") instanceof Map<?, ?> a
                ? (Map<String, @Nullable Object>) a : Map.of();
        Object reply;
        try {
            reply = commands.run(method, arguments);
        } catch (ControlCommands.NoReply e) {
            return;
        } catch (RuntimeException e) {
            // Mirrors kombu's Node.dispatch: a failing handler answers {"error": repr(exc)}.
            reply = Map.of("error", e instanceof ControlCommands.UnknownCommand ? "KeyError('" + method + "')"
                    : e.getClass().getSimpleName() + "('" + e.getMessage() + "')");
        }
        if (request.get("reply_to") instanceof Map<?, ?> to && request.get("ticket") != null) {
            Map<String, @Nullable Object> answer = new LinkedHashMap<>();
            answer.put(hostname, reply);
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("ticket", String.valueOf(request.get("ticket")));
            headers.put("clock", clock.forward());
            mailbox.reply(String.valueOf(to.get("exchange")), String.valueOf(to.get("routing_key")), headers,
                    PyJson.write(answer).getBytes(StandardCharsets.UTF_8));
        }
    }

    private boolean forMe(Map<String, @Nullable Object> request) {
        if (request.get("destination") instanceof List<?> destination && !destination.isEmpty()) {
            return destination.contains(hostname);
        }
        Object pattern = request.get("pattern");
        Object matcher = request.get("matcher");
        if (pattern != null && matcher != null) {
            Function<String, Pattern> compile = "pcre".equals(matcher) ? Pattern::compile
                    : glob -> Pattern.compile(glob.replace(".", "\\.").replace("*", ".*").replace("?", "."));
            return compile.apply(pattern.toString()).matcher(hostname).matches();
        }
        return true;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** The settings as {@code inspect conf} shows them, passwords masked. */
    static Map<String, @Nullable Object> conf(CeleryConfig c) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("broker_url", UrlMasker.mask(c.brokerUrl()));
        m.put("result_backend", c.resultBackend() == null ? null : UrlMasker.mask(c.resultBackend()));
        m.put("worker_concurrency", c.workerConcurrency());
        m.put("worker_prefetch_multiplier", c.workerPrefetchMultiplier());
        m.put("task_acks_late", c.taskAcksLate());
        m.put("task_default_queue", c.taskDefaultQueue());
        m.put("task_track_started", c.taskTrackStarted());
        m.put("result_expires", c.resultExpires() == null ? null : c.resultExpires().toSeconds());
        m.put("result_extended", c.resultExtended());
        m.put("accept_content", c.acceptContent());
        m.put("worker_send_task_events", c.workerSendTaskEvents());
        // The keys every Celery worker's conf reply has, at the values that describe this worker.
        m.put("broker_heartbeat", c.brokerHeartbeat().toSeconds());
        m.put("enable_utc", true);
        m.put("timezone", null);
        m.put("worker_hijack_root_logger", false);
        m.put("worker_log_color", null);
        m.put("deprecated_settings", List.of());
        m.put("include", List.of());
        return m;
    }

    /**
     * The {@code report} reply: celery/app/utils.py bugreport's layout ({@code software -> celery:...},
     * {@code platform -> ...}, {@code loader -> ...}, {@code settings -> ...}), naming what this worker is.
     */
    static String report(CeleryConfig c) {
        String backend = c.resultBackend() == null ? "disabled" : UrlMasker.mask(c.resultBackend());
        String broker = c.brokerUrl();
        return "software -> celery:lovage-0.1.0 java:" + Runtime.version() + "\n"
                + "platform -> system:" + System.getProperty("os.name") + " arch:" + System.getProperty("os.arch")
                + "\n            kernel version:" + System.getProperty("os.version") + " imp:Java\n"
                + "loader   -> lovage\n"
                + "settings -> transport:" + broker.substring(0, Math.max(0, broker.indexOf(':')))
                + " results:" + backend + "\n";
    }
}
