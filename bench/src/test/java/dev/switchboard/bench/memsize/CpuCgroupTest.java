package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCgroupTest {

    @Test
    void quota_isTheShareOfAVcpuLambdaGivesTheMemory_atMostTheCores() {
        // one vCPU at 1,769 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory-computing.html)
        assertThat(CpuCgroup.quotaUs(1769, 100_000, 2)).isEqualTo(100_000);
        assertThat(CpuCgroup.quotaUs(128, 100_000, 2)).isEqualTo(7_236);
        assertThat(CpuCgroup.quotaUs(3538, 100_000, 2)).isEqualTo(200_000);
        assertThat(CpuCgroup.quotaUs(10240, 100_000, 2)).isEqualTo(200_000);
    }

    @Test
    void requireWritable_withoutTheCpuController_saysWhatItNeeds(@TempDir Path notACgroup) {
        assertThatThrownBy(() -> CpuCgroup.requireWritable(notACgroup)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("writable cgroup v1 cpu controller")
                .hasMessageContaining("no cpu.cfs_quota_us")
                .hasMessageContaining("-Dswitchboard.cgroupCpu=DIR");
        assertThatThrownBy(() -> CpuCgroup.requireWritable(notACgroup.resolve("absent")))
                .hasMessageContaining("no such directory");
    }
}
