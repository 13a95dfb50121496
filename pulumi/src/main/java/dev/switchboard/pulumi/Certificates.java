package dev.switchboard.pulumi;

import com.pulumi.aws.acm.Certificate;
import com.pulumi.aws.acm.CertificateArgs;
import com.pulumi.aws.acm.CertificateValidation;
import com.pulumi.aws.acm.CertificateValidationArgs;
import com.pulumi.aws.acm.outputs.CertificateDomainValidationOption;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS-validated ACM certificates in a Route 53 hosted zone, one per environment ({@link SwitchboardEnvironment}). ACM
 * validates a domain name with the same CNAME in every region of an account (terraform-provider-aws #13653), so each
 * name's validation record is created once, under the environment with the edge provider (present in every
 * environment, whichever regions come and go), and every region's certificate for that name waits for that one
 * record. A record per region would let removing one region delete the record the others renew with.
 */
final class Certificates {
    private final Placement records;
    private final Resource parent;
    private final Map<String, Record> byName = new LinkedHashMap<>();

    /**
     * @param records where the validation records go (the environment's edge placement)
     * @param parent  the records' parent (the environment)
     */
    Certificates(Placement records, Resource parent) {
        this.records = records;
        this.parent = parent;
    }

    /**
     * A certificate for {@code domainName} in the placement's region and its validation; returns the certificate ARN
     * once it is issued. The first certificate of a name creates the name's validation record in {@code zoneId} from
     * its validation option (the same for every region); {@code allowOverwrite} lets a stack deployed when each region
     * had its own record adopt the existing CNAME (docs/deploy.md).
     */
    Output<String> validated(Placement placement, Resource parent, String suffix, String domainName, String zoneId) {
        Certificate cert = new Certificate(placement.name(suffix + "-certificate"), CertificateArgs.builder()
                .domainName(domainName)
                .validationMethod("DNS")
                .build(), placement.under(parent));
        Record validation = byName.computeIfAbsent(zoneId + " " + domainName, k -> {
            Output<CertificateDomainValidationOption> option = cert.domainValidationOptions().applyValue(o -> o.get(0));
            return new Record(records.name(suffix + "-certificate-validation"), RecordArgs.builder()
                    .zoneId(zoneId)
                    .name(option.applyValue(o -> o.resourceRecordName().orElseThrow()))
                    .type(option.applyValue(o -> com.pulumi.core.Either.<String, com.pulumi.aws.route53.enums.RecordType>ofLeft(
                            o.resourceRecordType().orElseThrow())))
                    .records(option.applyValue(o -> List.of(o.resourceRecordValue().orElseThrow())))
                    .ttl(60)
                    .allowOverwrite(true)
                    .build(), records.under(this.parent));
        });
        return new CertificateValidation(placement.name(suffix + "-certificate-issued"), CertificateValidationArgs.builder()
                .certificateArn(cert.arn())
                .validationRecordFqdns(validation.fqdn().applyValue(List::of))
                .build(), placement.under(parent)).certificateArn();
    }
}
