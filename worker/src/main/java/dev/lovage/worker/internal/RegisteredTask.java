package dev.lovage.worker.internal;

import dev.lovage.worker.TaskHandler;
import dev.lovage.worker.TaskOptions;

/** A task name bound to its handler and options. */
public record RegisteredTask(String name, TaskOptions options, TaskHandler handler) {
}
