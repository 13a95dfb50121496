package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;

import static dev.switchboard.cdk.guards.TemplateView.props;

/** {@link Guard#RETAINED_ON_FAILED_CREATE}. */
final class RetainedOnFailedCreate {
    private RetainedOnFailedCreate() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        retainedNames(s, out);
    }

    /**
     * A named resource with {@code DeletionPolicy: Retain}. CloudFormation keeps a Retain resource when the create of
     * its stack fails and rolls back; the retry then creates the same physical name again and fails.
     * {@code RetainExceptOnCreate} deletes it on a failed create and retains it on update and delete
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
     */
    private static void retainedNames(TemplateView s, List<Violation> out) {
        s.resources().forEach((id, r) -> {
            if (!"Retain".equals(r.get("DeletionPolicy"))) {
                return;
            }
            props(r).forEach((k, v) -> {
                if (k.endsWith("Name") && !k.equals("DisplayName") && v instanceof String name) {
                    out.add(new Violation(Guard.RETAINED_ON_FAILED_CREATE, s.name(), id, r.get("Type") + " " + k
                            + " = " + name + " has DeletionPolicy Retain: a failed first deploy leaves it behind and"
                            + " the retry fails with 'already exists'; use RetainExceptOnCreate"
                            + " (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)"));
                }
            });
        });
    }
}
