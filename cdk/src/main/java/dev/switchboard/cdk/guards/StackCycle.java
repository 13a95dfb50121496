package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.StackInfo;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link Guard#STACK_CYCLE}: a dependency cycle among the stacks, or a cross-stack import in a judged resource. */
final class StackCycle {
    private StackCycle() {
    }

    static void imports(TemplateView s, List<Violation> out) {
        String text = String.valueOf(s.judged());
        if (text.contains("Fn::ImportValue")) {
            out.add(new Violation(Guard.STACK_CYCLE, s.name(), null, "Fn::ImportValue couples the stacks;"
                    + " Switchboard's stacks share names and SSM parameters, not exports"));
        }
    }

    static void cycles(Map<String, StackInfo> stacks, List<Violation> out) {
        Map<String, Integer> state = new HashMap<>();
        for (String s : stacks.keySet()) {
            List<String> path = new ArrayList<>();
            if (cycle(s, stacks, state, path)) {
                out.add(new Violation(Guard.STACK_CYCLE, s, null, "dependency cycle " + String.join(" -> ", path)));
                return;
            }
        }
    }

    private static boolean cycle(String s, Map<String, StackInfo> stacks, Map<String, Integer> state,
                                 List<String> path) {
        Integer st = state.get(s);
        if (st != null && st == 2) {
            return false;
        }
        path.add(s);
        if (st != null && st == 1) {
            return true;
        }
        state.put(s, 1);
        StackInfo info = stacks.get(s);
        for (String d : info == null ? Set.<String>of() : info.dependencies()) {
            if (cycle(d, stacks, state, path)) {
                return true;
            }
        }
        state.put(s, 2);
        path.remove(path.size() - 1);
        return false;
    }

}
