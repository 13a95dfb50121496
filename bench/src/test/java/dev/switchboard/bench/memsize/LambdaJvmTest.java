package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LambdaJvmTest {

    @Test
    void flags_at256Mb_areTheRuntimesPublishedCommandLine() {
        // Lambda's Java runtime at 256 MB, as published in DataDog/datadog-lambda-extension pull request 117:
        // -XX:MaxHeapSize=222823k -XX:MaxMetaspaceSize=26214k -XX:ReservedCodeCacheSize=13107k -XX:+UseSerialGC
        assertThat(LambdaJvm.flags(256)).startsWith("-XX:MaxHeapSize=222823k", "-XX:MaxMetaspaceSize=26214k",
                "-XX:ReservedCodeCacheSize=13107k").contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void flags_splitTheWholeMemorySetting() {
        for (int mb : MemSizeOptions.SIZES) {
            long sum = LambdaJvm.flags(mb).stream().limit(3)
                    .mapToLong(f -> Long.parseLong(f.substring(f.indexOf('=') + 1, f.length() - 1))).sum();
            assertThat(sum).as("%d MB", mb).isEqualTo(mb * 1024L);
        }
    }
}
