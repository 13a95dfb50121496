package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.render;

/** {@link Guard#REPLICA_REGIONS}: a global table's replicas are the environment's regions, each once. */
final class ReplicaRegions {
    private ReplicaRegions() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        replicas(declared.blueprint(), s, out);
    }

    @SuppressWarnings("unchecked")
    private static void replicas(Blueprint blueprint, TemplateView s, List<Violation> out) {
        s.ofType("AWS::DynamoDB::GlobalTable").forEach((id, r) -> {
            List<String> regions = new ArrayList<>();
            Object reps = props(r).get("Replicas");
            if (reps instanceof List<?> l) {
                for (Object o : l) {
                    regions.add(render(((Map<String, Object>) o).get("Region")));
                }
            }
            long own = regions.stream().filter(x -> x.equals(s.region())).count();
            Set<String> distinct = new HashSet<>(regions);
            if (own != 1 || distinct.size() != regions.size()
                    || !distinct.equals(new HashSet<>(blueprint.environment().regions()))) {
                out.add(new Violation(Guard.REPLICA_REGIONS, s.name(), id, "replicas " + regions + " in stack region "
                        + s.region() + "; expected each of " + blueprint.environment().regions() + " once"));
            }
        });
    }
}
