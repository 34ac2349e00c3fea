package dev.hookline.windows.normalize;

import dev.hookline.process.Account;

/**
 * Account columns for a SID string; never null. Called on the ETW callback thread, so an implementation must not
 * block there: one that looks names up elsewhere answers with the SID only until the names are in, and says so
 * through {@link #settled}.
 */
public interface SidResolver {
    Account account(String sid);

    /**
     * True when {@link #account} gives its final answer for sid now (names found, or the lookup ended without any);
     * false while a lookup is still under way. A resolver that answers at once is always settled.
     */
    default boolean settled(String sid) {
        return true;
    }

    /** Knows no names: the SID column only. */
    SidResolver SID_ONLY = sid -> sid == null ? Account.UNKNOWN : new Account(null, null, sid);
}
