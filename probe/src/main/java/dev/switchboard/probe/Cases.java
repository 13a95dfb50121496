package dev.switchboard.probe;

import java.util.ArrayList;
import java.util.List;

/** Every per-endpoint case, in the order they run (docs/probe.md lists what each proves). */
public final class Cases {
    private Cases() {
    }

    public static List<Case> all() {
        List<Case> all = new ArrayList<>();
        all.addAll(HandshakeCases.all());
        all.addAll(ActionCases.all());
        all.addAll(ErrorCases.all());
        all.addAll(LimitCases.all());
        all.addAll(DeliveryCases.all());
        all.addAll(ManagementCases.all());
        all.addAll(ClientCases.all());
        return all;
    }
}
