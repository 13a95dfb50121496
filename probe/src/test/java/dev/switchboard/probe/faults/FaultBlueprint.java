package dev.switchboard.probe.faults;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference blueprint with six functions pointed at the wrappers of {@link Handlers}, each told the gateway's
 * {@link Fault} through its environment; the rest unchanged.
 */
public final class FaultBlueprint {
    private static final Map<String, Class<?>> WRAPPED = Map.of(
            "rooms", Handlers.Rooms.class, "default", Handlers.Default.class, "disconnect", Handlers.Disconnect.class,
            "send", Handlers.Send.class, "whisper", Handlers.Whisper.class, "ping", Handlers.Ping.class);

    private FaultBlueprint() {
    }

    public static Blueprint of(Blueprint reference, Fault fault) {
        List<FunctionSpec> fns = reference.functions().stream().map(f -> {
            if (!WRAPPED.containsKey(f.name())) {
                return f;
            }
            Map<String, String> env = new HashMap<>(f.environment());
            env.put(Fault.ENV, fault.name());
            return new FunctionSpec(f.name(), WRAPPED.get(f.name()).getName(), f.memoryMb(), f.timeoutSeconds(),
                    f.architecture(), f.tableAccess(), f.managementApi(), f.jwtSecret(), env);
        }).toList();
        return reference.withFunctions(fns);
    }
}
