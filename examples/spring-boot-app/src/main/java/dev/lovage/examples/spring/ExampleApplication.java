package dev.lovage.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that is also a Celery worker: with lovage-spring-boot-starter on the class path, the
 * {@code @CeleryTask} methods of its beans serve Python producers, the worker starts and stops with the context, and
 * its health and meters are in the actuator. Settings: {@code CELERY_BROKER_URL}, {@code CELERY_RESULT_BACKEND} or
 * {@code celery.*} properties.
 */
@SpringBootApplication
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
