package dev.hookline.windows.normalize;

import dev.hookline.process.Account;

/** Account columns for a SID string (LookupAccountSid on Windows); never null. */
public interface SidResolver {
    Account account(String sid);

    /** Knows no names: the SID column only. */
    SidResolver SID_ONLY = sid -> sid == null ? Account.UNKNOWN : new Account(null, null, sid);
}
