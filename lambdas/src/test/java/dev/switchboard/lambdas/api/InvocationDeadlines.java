package dev.switchboard.lambdas.api;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** Test access to {@link InvocationDeadline}'s package-private setters, and a Lambda {@link Context} with a deadline. */
public final class InvocationDeadlines {
    private InvocationDeadlines() {
    }

    public static void setForTests(long deadlineMillis) {
        InvocationDeadline.set(deadlineMillis);
    }

    public static void clearForTests() {
        InvocationDeadline.clear();
    }

    /** A Lambda context whose invocation ends {@code millis} from now (all a handler reads of it). */
    public static Context lambdaContext(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        return new Context() {
            @Override public String getAwsRequestId() { return "deadline-test"; }
            @Override public String getLogGroupName() { return null; }
            @Override public String getLogStreamName() { return null; }
            @Override public String getFunctionName() { return "send"; }
            @Override public String getFunctionVersion() { return null; }
            @Override public String getInvokedFunctionArn() { return null; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }
}
