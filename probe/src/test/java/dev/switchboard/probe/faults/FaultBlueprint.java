package dev.switchboard.probe.faults;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import java.util.List;
import java.util.Map;

/** The reference blueprint with six functions pointed at the wrappers of {@link Handlers}; the rest unchanged. */
public final class FaultBlueprint {
    private static final Map<String, Class<?>> WRAPPED = Map.of(
            "rooms", Handlers.Rooms.class, "default", Handlers.Default.class, "disconnect", Handlers.Disconnect.class,
            "send", Handlers.Send.class, "whisper", Handlers.Whisper.class, "ping", Handlers.Ping.class);

    private FaultBlueprint() {
    }

    public static Blueprint of(Blueprint reference) {
        List<FunctionSpec> fns = reference.functions().stream().map(f -> WRAPPED.containsKey(f.name())
                ? new FunctionSpec(f.name(), WRAPPED.get(f.name()).getName(), f.memoryMb(), f.timeoutSeconds(),
                        f.architecture(), f.tableAccess(), f.managementApi(), f.jwtSecret(), f.environment())
                : f).toList();
        return reference.withFunctions(fns);
    }
}
