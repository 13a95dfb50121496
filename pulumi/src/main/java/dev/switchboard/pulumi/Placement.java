package dev.switchboard.pulumi;

import com.pulumi.aws.Provider;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;

import java.util.List;

/**
 * Where a resource goes: the region and its explicit provider. Every custom resource Switchboard creates names its
 * provider, so nothing lands in the ambient {@code aws:region} by accident.
 *
 * @param region   the AWS region
 * @param provider the provider configured for that region
 * @param system   the system name in logical names, so that two systems in one program have no logical name in
 *                 common; empty for {@link Blueprint#DEFAULT_NAME}, whose stacks keep the logical names they always
 *                 had (a changed logical name replaces the resource)
 */
record Placement(String region, Provider provider, String system) {

    /** A placement of the default system. */
    Placement(String region, Provider provider) {
        this(region, provider, "");
    }

    /** A placement of {@code blueprint}'s system. */
    static Placement of(Blueprint blueprint, String region, Provider provider) {
        String system = blueprint.name().equals(Blueprint.DEFAULT_NAME) ? "" : blueprint.name();
        return new Placement(region, provider, system);
    }

    CustomResourceOptions under(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).build();
    }

    CustomResourceOptions under(Resource parent, List<Resource> dependsOn) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(dependsOn).build();
    }

    /** A logical name unique across regions and systems: {@code [<system>-]<region>-<suffix>}. */
    String name(String suffix) {
        return (system.isEmpty() ? "" : system + "-") + region + "-" + suffix;
    }
}
