package dev.hookline.process;

/**
 * The account columns MDE fills (AccountName, AccountDomain, AccountSid). On Linux the domain is the host name
 * and the SID column carries the uid, as Defender for Endpoint on Linux does not have SIDs either.
 */
public record Account(String name, String domain, String sid) {
    public static final Account UNKNOWN = new Account(null, null, null);
}
