package dev.switchboard.jsplatforms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.TableAccess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VercelSettingsTest {
    private static final Blueprint DEV = Blueprint.reference(Environments.resolve("dev", Map.of()));

    @Test
    void render_isTheWorkerSettings_plusTheMaxDuration() {
        ObjectNode s = VercelSettings.render(DEV, "iss", "aud", null, Duration.ofSeconds(300), Duration.ofSeconds(5),
                VercelSettings.HEARTBEAT, false);

        ObjectNode worker = WorkerSettings.render(DEV, "iss", "aud", null, 1, false);
        worker.remove("shards");
        ObjectNode withoutVercel = s.deepCopy();
        withoutVercel.remove("vercel");
        assertThat(withoutVercel).isEqualTo(worker);
        assertThat(s.path("vercel").path("maxDurationSeconds").asInt()).isEqualTo(300);
        assertThat(s.path("vercel").path("closeMarginSeconds").asInt()).isEqualTo(5);
        assertThat(s.path("vercel").path("heartbeatMillis").asLong()).isEqualTo(5000);
    }

    @Test
    void render_whenBlueprintHasCustomRoute_isRefusedNamingTheRouteAndTheFix() {
        Blueprint b = DEV.withCustomRoute(new CustomRoute("typing", "com.example.TypingHandler", true,
                TableAccess.READ, true));

        assertThatThrownBy(() -> VercelSettings.render(b, "iss", "aud", null, Duration.ofSeconds(300),
                Duration.ZERO, VercelSettings.HEARTBEAT, false))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.typing: a custom route (handler com.example.TypingHandler) is a Java"
                        + " class, and Vercel Functions have no Java runtime. Fix: remove it from"
                        + " environments.dev.customRoutes for Vercel, or deploy this environment to AWS");
    }

    @Test
    void render_whenMaxDurationIsNotAboveTheMargin_isRefused() {
        assertThatThrownBy(() -> VercelSettings.render(DEV, "iss", "aud", null, Duration.ofSeconds(5),
                Duration.ofSeconds(5), VercelSettings.HEARTBEAT, false))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("vercel.maxDuration: must be whole seconds above the close margin of 5 s");
        assertThatThrownBy(() -> VercelSettings.render(DEV, "iss", "aud", null, Duration.ofMillis(2500),
                Duration.ZERO, VercelSettings.HEARTBEAT, false))
                .isInstanceOf(BlueprintException.class);
    }
}
