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

import java.util.List;

/** DNS-validated ACM certificates in a Route 53 hosted zone. */
final class Certificates {
    private Certificates() {
    }

    /**
     * A certificate for {@code domainName} in the placement's region, its validation record in {@code zoneId} and the
     * validation; returns the certificate ARN once it is issued. The validation record may already exist (ACM uses
     * the same record for a name in every region of an account), so it is overwritten rather than duplicated.
     */
    static Output<String> validated(Placement placement, Resource parent, String suffix, String domainName,
                                    String zoneId) {
        Certificate cert = new Certificate(placement.name(suffix + "-certificate"), CertificateArgs.builder()
                .domainName(domainName)
                .validationMethod("DNS")
                .build(), placement.under(parent));
        Output<CertificateDomainValidationOption> option = cert.domainValidationOptions().applyValue(o -> o.get(0));
        Record validation = new Record(placement.name(suffix + "-certificate-validation"), RecordArgs.builder()
                .zoneId(zoneId)
                .name(option.applyValue(o -> o.resourceRecordName().orElseThrow()))
                .type(option.applyValue(o -> com.pulumi.core.Either.<String, com.pulumi.aws.route53.enums.RecordType>ofLeft(
                        o.resourceRecordType().orElseThrow())))
                .records(option.applyValue(o -> List.of(o.resourceRecordValue().orElseThrow())))
                .ttl(60)
                .allowOverwrite(true)
                .build(), placement.under(parent));
        return new CertificateValidation(placement.name(suffix + "-certificate-issued"), CertificateValidationArgs.builder()
                .certificateArn(cert.arn())
                .validationRecordFqdns(validation.fqdn().applyValue(List::of))
                .build(), placement.under(parent)).certificateArn();
    }
}
