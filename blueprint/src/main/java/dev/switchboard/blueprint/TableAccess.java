package dev.switchboard.blueprint;

/** What a function may do with the connection table; renderers turn this into the narrowest grant. */
public enum TableAccess {
    NONE,
    READ,
    READ_WRITE
}
