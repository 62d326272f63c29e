package dev.lovage.it.support;

import java.util.Map;

/**
 * The brokers the interop tests run on: the same test against RabbitMQ and against Redis (kombu's Redis transport),
 * with Python Celery and Lovage pointed at the same one. Parameterise a test class with
 * {@code @ParameterizedClass @EnumSource(TestBroker.class)}.
 */
public enum TestBroker {
    RABBITMQ,
    REDIS;

    /** The broker URL, for Lovage's {@code broker_url} and Python's {@code CELERY_BROKER_URL}. */
    public String url() {
        return this == RABBITMQ ? Services.get().amqpUrl() : Services.get().redisBrokerUrl();
    }

    /** The environment that points the Python interop app at this broker. */
    public Map<String, String> pythonEnv() {
        return Map.of("CELERY_BROKER_URL", url());
    }

    /** The pinned newest Python Celery on this broker. */
    public PythonCelery python() {
        return Services.get().python().with(pythonEnv());
    }

    /** Python Celery 5.2.x on this broker. */
    public PythonCelery python52() {
        return Services.get().python52().with(pythonEnv());
    }
}
