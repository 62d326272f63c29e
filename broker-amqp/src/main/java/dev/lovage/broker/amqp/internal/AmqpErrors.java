package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MalformedFrameException;
import com.rabbitmq.client.ShutdownSignalException;

/** The broker's own words for a failure (its close reason), for log lines and exception messages. */
public final class AmqpErrors {
    private AmqpErrors() {
    }

    public static String reason(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ShutdownSignalException s) {
                return s.getReason() instanceof AMQP.Channel.Close c ? c.getReplyText()
                        : s.getReason() instanceof AMQP.Connection.Close cc ? cc.getReplyText() : s.getMessage();
            }
            if (t.getCause() == null) {
                return t.toString();
            }
            t = t.getCause();
        }
        return e.toString();
    }

    /** True when the client closed the connection on a frame it could not read (header tables nested too deep). */
    public static boolean unreadableFrame(ShutdownSignalException cause) {
        for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
            if (t instanceof MalformedFrameException) {
                return true;
            }
        }
        return false;
    }
}
