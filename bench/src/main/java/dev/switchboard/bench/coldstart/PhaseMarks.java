package dev.switchboard.bench.coldstart;

/**
 * Marks in a child's class-load log ({@code -Xlog:class+load}): {@link #mark} loads the nested class of that name, so
 * that the log shows where each phase of the child ends, with the JVM's own timestamp, at the cost of one class load.
 * {@link ClassLoadLog} splits a log at these marks.
 */
final class PhaseMarks {
    private PhaseMarks() {
    }

    /** Loads {@code PhaseMarks$<name>}: the end of the phase {@code name} in the log. */
    static void mark(String name) {
        try {
            Class.forName(PhaseMarks.class.getName() + "$" + name, false, PhaseMarks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no phase mark " + name, e);
        }
    }

    /** The binary name of a mark, as the log shows it. */
    static String className(String name) {
        return PhaseMarks.class.getName() + "$" + name;
    }

    /** The JVM has started and the child's main runs. */
    static final class Boot {
    }

    /** The handler is constructed (Lambda's init phase). */
    static final class Init {
    }

    /** The first request is handled. */
    static final class FirstRequest {
    }

    /** {@link StagedInit}: Jackson is loaded and has read and written the event. */
    static final class Jackson {
    }

    /** {@link StagedInit}: a DynamoDB client is built as the handlers build theirs. */
    static final class SdkClient {
    }

    /** {@link StagedInit}: nimbus has parsed a JWT (the authorizer's library). */
    static final class Nimbus {
    }
}
