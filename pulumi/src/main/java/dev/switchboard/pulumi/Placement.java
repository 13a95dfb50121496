package dev.switchboard.pulumi;

import com.pulumi.aws.Provider;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.List;

/**
 * Where a resource goes: the region and its explicit provider. Every custom resource Switchboard creates names its
 * provider, so nothing lands in the ambient {@code aws:region} by accident.
 *
 * @param region   the AWS region
 * @param provider the provider configured for that region
 */
record Placement(String region, Provider provider) {

    CustomResourceOptions under(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).build();
    }

    CustomResourceOptions under(Resource parent, List<Resource> dependsOn) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(dependsOn).build();
    }

    /** A logical name unique across regions: {@code <region>-<suffix>}. */
    String name(String suffix) {
        return region + "-" + suffix;
    }
}
