package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.lambdas.api.HandlerContext;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled handler the blueprint names exists and keeps the handler contract of docs/architecture.md. */
class HandlerContractTest {
    static java.util.stream.Stream<String> handlers() {
        return Harness.BLUEPRINT.functions().stream().map(FunctionSpec::handler)
                .filter(h -> !h.endsWith(".AuthorizerHandler"));
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void blueprintHandler_isAStreamHandlerWithTheContractsConstructors(String className) throws Exception {
        Class<?> c = Class.forName(className);
        assertThat(RequestStreamHandler.class).isAssignableFrom(c);
        assertThat(Modifier.isPublic(c.getConstructor().getModifiers())).isTrue();
        assertThat(Modifier.isPublic(c.getConstructor(Map.class).getModifiers())).isTrue();
        assertThat(c.getDeclaredConstructor(HandlerContext.class).getModifiers() & Modifier.PUBLIC).isZero();
    }
}
