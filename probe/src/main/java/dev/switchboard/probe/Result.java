package dev.switchboard.probe;

import java.time.Duration;

/** The outcome of one case against one target. */
public record Result(String name, Status status, String detail, Duration time) {
    public enum Status { PASSED, FAILED, SKIPPED }

    /** The line the probe prints: {@code pass|fail|skip  name  (detail)}. */
    public String line() {
        String word = switch (status) {
            case PASSED -> "pass";
            case FAILED -> "fail";
            case SKIPPED -> "skip";
        };
        return word + "  " + name + (detail == null || detail.isEmpty() ? "" : "  (" + detail + ")");
    }
}
