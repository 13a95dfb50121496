package dev.switchboard.bench.memsize;

import java.util.List;

/**
 * The JVM a Lambda Java function of a given memory size runs in, as the managed runtime starts it:
 * <ul>
 *   <li>the memory setting split 10 % metaspace ({@code -XX:MaxMetaspaceSize}) and 5 % code cache
 *       ({@code -XX:ReservedCodeCacheSize}), in KiB rounded to the nearest, and the rest (85 %) heap
 *       ({@code -XX:MaxHeapSize}): the runtime's own
 *       command line as published for a 256 MB function ({@code -XX:MaxHeapSize=222823k -XX:MaxMetaspaceSize=26214k
 *       -XX:ReservedCodeCacheSize=13107k}, DataDog/datadog-lambda-extension pull request 117, 2023; the same split at
 *       256 and 384 MB in https://stackoverflow.com/a/40469970). AWS does not document the java21 runtime's split;
 *       {@code JAVA_TOOL_OPTIONS} can override it (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html);</li>
 *   <li>the serial collector, and tiered compilation stopped at level 1, which the java17 and later runtimes set by
 *       default (same page).</li>
 * </ul>
 */
final class LambdaJvm {
    /** Lambda's runtime flags besides the memory split. */
    static final List<String> RUNTIME_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1");

    private LambdaJvm() {
    }

    /** The runtime's flags for a function of {@code memoryMb}. */
    static List<String> flags(int memoryMb) {
        long kib = memoryMb * 1024L;
        long metaspace = Math.round(kib * 0.10);
        long codeCache = Math.round(kib * 0.05);
        List<String> flags = new java.util.ArrayList<>(List.of(
                "-XX:MaxHeapSize=" + (kib - metaspace - codeCache) + "k",
                "-XX:MaxMetaspaceSize=" + metaspace + "k",
                "-XX:ReservedCodeCacheSize=" + codeCache + "k"));
        flags.addAll(RUNTIME_FLAGS);
        return List.copyOf(flags);
    }
}
