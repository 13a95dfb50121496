package dev.switchboard.cdk;

import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.TableAccess;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * How {@link Switchboard#addRoute} integrates a route: with a function of the user's ({@link Builder#function}: any
 * {@link IFunction}, a version or an alias too), or with one Switchboard builds from a handler class
 * ({@link Builder#handler}) like its own handlers (SnapStart, the {@code live} alias, its own role and log group).
 *
 * @param function      the user's function (exactly one of {@code function} and {@code handler})
 * @param handler       the handler class of a function Switchboard builds, e.g. {@code com.example.TypingHandler}
 * @param code          the code of that function (default null: the Switchboard's own handler code, see
 *                      {@link Switchboard.Props}); ignored with {@code function}
 * @param twoWay        whether the handler's return body goes back to the sender (default false)
 * @param tableAccess   the function's access to the connection table (default {@link TableAccess#NONE})
 * @param managementApi whether it may post to and delete connections ({@code @connections}; default false)
 */
public record RouteOptions(IFunction function, String handler, Code code, boolean twoWay, TableAccess tableAccess,
                           boolean managementApi) {
    public RouteOptions {
        if ((function == null) == (handler == null)) {
            throw new BlueprintException("routeOptions", function == null ? "neither a function nor a handler class"
                    : "both a function and a handler class", "set exactly one: function(IFunction) or"
                    + " handler(\"com.example.MyHandler\")");
        }
        tableAccess = tableAccess == null ? TableAccess.NONE : tableAccess;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults documented on {@link RouteOptions}. */
    public static final class Builder {
        private IFunction function;
        private String handler;
        private Code code;
        private boolean twoWay;
        private TableAccess tableAccess = TableAccess.NONE;
        private boolean managementApi;

        private Builder() {
        }

        /** Integrates the route with the user's function (a Function, a Version or an Alias). */
        public Builder function(IFunction v) {
            this.function = v;
            return this;
        }

        /** Has Switchboard build the function from the handler class, in the Switchboard's handler code. */
        public Builder handler(String handlerClass) {
            this.handler = handlerClass;
            return this;
        }

        /** Has Switchboard build the function from the handler class in {@code code}. */
        public Builder handler(Code code, String handlerClass) {
            this.code = code;
            this.handler = handlerClass;
            return this;
        }

        public Builder twoWay(boolean v) {
            this.twoWay = v;
            return this;
        }

        public Builder tableAccess(TableAccess v) {
            this.tableAccess = v;
            return this;
        }

        public Builder managementApi(boolean v) {
            this.managementApi = v;
            return this;
        }

        public RouteOptions build() {
            return new RouteOptions(function, handler, code, twoWay, tableAccess, managementApi);
        }
    }
}
