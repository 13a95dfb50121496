package dev.switchboard.faults;

/**
 * A failure a busy AWS account shows its handlers, answered by {@link FaultProxy} in place of the real service's
 * answer. The DynamoDB errors are the JSON 1.0 protocol's shapes ({@code __type} names the error; the AWS SDK for Java
 * v2 maps it to its exception class and retries the throttling and 5xx ones):
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html. The management API's are
 * those of PostToConnection (https://docs.aws.amazon.com/apigatewayv2/latest/api/apigatewaymanagementapi-connections-connectionid.html):
 * 410 GoneException, 429 LimitExceededException, and a 500.
 */
public enum FaultKind {
    /** 400 {@code ProvisionedThroughputExceededException}; the request is not applied. */
    DYNAMODB_THROUGHPUT(Target.DYNAMODB, 400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded."),
    /** 400 {@code ThrottlingException}; the request is not applied. */
    DYNAMODB_THROTTLING(Target.DYNAMODB, 400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded"),
    /** 500 {@code InternalServerError}; the request is not applied. */
    DYNAMODB_INTERNAL(Target.DYNAMODB, 500, "com.amazonaws.dynamodb.v20120810#InternalServerError",
            "Internal server error"),
    /**
     * The request reaches DynamoDB and is applied, but its answer is held past the client's attempt timeout: the
     * worst kind of timeout, since a retried conditional write then finds its own first write.
     */
    DYNAMODB_SLOW(Target.DYNAMODB, 0, null, null),
    /** 429 {@code LimitExceededException}; the frame is not posted. */
    MANAGEMENT_LIMIT(Target.MANAGEMENT, 429, "LimitExceededException", "Rate exceeded"),
    /** 500; the frame is not posted. */
    MANAGEMENT_INTERNAL(Target.MANAGEMENT, 500, "InternalServerErrorException", "Internal server error"),
    /**
     * 410 {@code GoneException} for a connection that is still open (API Gateway answers it for a connection still in
     * its own {@code $connect}); the handler believes it and forgets the connection.
     */
    MANAGEMENT_GONE(Target.MANAGEMENT, 410, "GoneException", null),
    /** No answer past the client's attempt timeout; the frame is not posted. */
    MANAGEMENT_HANG(Target.MANAGEMENT, 0, null, null);

    /** The service a fault stands in for. */
    public enum Target {
        DYNAMODB, MANAGEMENT
    }

    private final Target target;
    private final int status;
    private final String errorType;
    private final String message;

    FaultKind(Target target, int status, String errorType, String message) {
        this.target = target;
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    public Target target() {
        return target;
    }

    /** The HTTP status answered, or 0 for the kinds that answer late or not at all. */
    public int status() {
        return status;
    }

    /** The error's type ({@code __type} for DynamoDB, {@code x-amzn-ErrorType} for the management API), or null. */
    public String errorType() {
        return errorType;
    }

    /** Whether the kind delays instead of answering an error. */
    public boolean delays() {
        return status == 0;
    }

    /** The body answered with {@link #status()}. */
    public byte[] body() {
        String json;
        if (target == Target.DYNAMODB) {
            json = "{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}";
        } else {
            json = message == null ? "{}" : "{\"message\":\"" + message + "\"}";
        }
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
