package dev.lovage.worker.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Node names as {@code celery worker -n} expands them: %h host, %n name part, %d domain, %% a percent sign. */
public final class Hostnames {
    private Hostnames() {
    }

    public static String localHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The default node name, {@code celery@<host>}. */
    public static String defaultNodeName() {
        return "celery@" + localHost();
    }

    /** Expands a {@code -n} template; a name without {@code @} gets {@code celery@} in front, like Celery. */
    public static String expand(String template, String host) {
        int dot = host.indexOf('.');
        String name = dot < 0 ? host : host.substring(0, dot);
        String domain = dot < 0 ? "" : host.substring(dot + 1);
        String out = template.replace("%%", "\u0000").replace("%h", host).replace("%n", name)
                .replace("%d", domain).replace("\u0000", "%");
        return out.contains("@") ? out : "celery@" + out;
    }
}
