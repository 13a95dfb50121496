package dev.switchboard.blueprint;

/**
 * Stage access logging. API Gateway rejects a stage with access logs unless the account and region have an API Gateway
 * CloudWatch role ({@code AWS::ApiGateway::Account}), a per-account, per-region singleton that Switchboard must not
 * take over silently. Default: {@link #OFF}.
 */
public enum AccessLogs {
    /** No access logs (the default): deploys in any account. */
    OFF,
    /** Switchboard creates the account's API Gateway CloudWatch role and the stage depends on it. */
    CREATE_ACCOUNT_ROLE,
    /** The account already has the role (set up by someone else); access logs are on. */
    EXISTING_ACCOUNT_ROLE;

    public boolean enabled() {
        return this != OFF;
    }
}
