package dev.switchboard.blueprint;

/** Lambda instruction set. ARM_64 (Graviton) is the default: about 20% cheaper per GB-second. */
public enum Architecture {
    ARM_64("arm64"),
    X86_64("x86_64");

    private final String awsName;

    Architecture(String awsName) {
        this.awsName = awsName;
    }

    /** The name Lambda uses: {@code arm64} or {@code x86_64}. */
    public String awsName() {
        return awsName;
    }
}
