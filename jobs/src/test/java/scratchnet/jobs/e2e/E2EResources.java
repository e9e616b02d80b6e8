package scratchnet.jobs.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives end-to-end tests a {@link StandaloneCluster} and a {@link MiniHdfs} as parameters, each
 * started on first use and shared by every test class of the run; JUnit closes them at its end.
 */
final class E2EResources implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2EResources.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == StandaloneCluster.class || type == MiniHdfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, t -> {
            try {
                return t == StandaloneCluster.class ? StandaloneCluster.start() : MiniHdfs.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start " + t.getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }
}
