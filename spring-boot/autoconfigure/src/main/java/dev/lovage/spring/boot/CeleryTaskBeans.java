package dev.lovage.spring.boot;

import dev.lovage.worker.CeleryTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Notes every bean whose class has {@link CeleryTask} methods as the context creates it, as Spring AMQP finds
 * {@code @RabbitListener} methods; the worker registers them when it starts. Beans are looked at, the class path is
 * not scanned. A proxied bean is registered as the proxy, so its advice (transactions, security) applies to tasks.
 */
final class CeleryTaskBeans implements BeanPostProcessor {
    private final Map<Class<?>, Boolean> hasTasks = new ConcurrentHashMap<>();
    private final List<Object> beans = new ArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (hasTasks.computeIfAbsent(type, CeleryTaskBeans::declaresTasks)) {
            synchronized (beans) {
                beans.add(bean);
            }
        }
        return bean;
    }

    private static boolean declaresTasks(Class<?> type) {
        return !MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<CeleryTask>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
                        CeleryTask.class)).isEmpty();
    }

    /** The beans seen so far with task methods, in creation order. */
    List<Object> beans() {
        synchronized (beans) {
            return List.copyOf(beans);
        }
    }
}
