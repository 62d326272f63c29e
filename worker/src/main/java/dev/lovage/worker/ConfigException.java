package dev.lovage.worker;

import dev.lovage.protocol.CeleryException;
import java.util.List;

/**
 * One or more settings are invalid. The message lists every problem at once: the key, the value given (passwords
 * masked) and what is allowed.
 *
 * @since 0.1
 */
public class ConfigException extends CeleryException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as one line: {@code key=value: what is allowed}. */
    public List<String> problems() {
        return problems;
    }
}
