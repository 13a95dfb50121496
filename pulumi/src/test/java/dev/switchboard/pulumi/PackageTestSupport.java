package dev.switchboard.pulumi;

import com.pulumi.test.Mocks;

import java.io.IOException;

/** This package's test support, for the tests of sub-packages (the Cloudflare stack's in {@code .cloudflare}). */
public final class PackageTestSupport {
    private PackageTestSupport() {
    }

    /** The AWS mocks of {@link AwsMocks}: computed attributes for AWS types, an error for anything unknown. */
    public static Mocks awsMocks() {
        return new AwsMocks();
    }

    /** A jar for {@code switchboard:handlerJar} ({@link ProgramRun#HANDLER_JAR}): the AWS program checks the file. */
    public static String handlerJar() {
        return ProgramRun.HANDLER_JAR.toString();
    }

    /** {@link Snapshots#normalise}: sorted maps, whole numbers as longs, secrets as {@code [secret]}, JSON expanded. */
    public static Object normaliseForSnapshot(Object serializedInputs) {
        return Snapshots.normalise(serializedInputs);
    }

    /** {@link Snapshots#assertMatches}: compares with snapshots/NAME.json or rewrites it with -Dsnapshot.update=true. */
    public static void assertSnapshot(String name, String actual) throws IOException {
        Snapshots.assertMatches(name, actual);
    }
}
