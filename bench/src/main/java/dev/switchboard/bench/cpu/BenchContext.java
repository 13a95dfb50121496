package dev.switchboard.bench.cpu;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context each benchmarked invocation gets, as Lambda gives one to every invocation: a request id and the
 * function's whole timeout left, so that the handler runs with a deadline (every AWS call's timeout bounded by it)
 * as it does on Lambda, and the function's memory size. Nothing is logged through it.
 */
public final class BenchContext implements Context {
    private final int remainingMillis;
    private final int memoryMb;

    public BenchContext(int timeoutSeconds, int memoryMb) {
        this.remainingMillis = timeoutSeconds * 1000;
        this.memoryMb = memoryMb;
    }

    @Override public String getAwsRequestId() { return "00000000-0000-0000-0000-000000000000"; }
    @Override public String getLogGroupName() { return "/aws/lambda/bench"; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return "bench"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:bench"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public int getMemoryLimitInMB() { return memoryMb; }
    @Override public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { }
            @Override public void log(byte[] message) { }
        };
    }
}
