/**
 * SID → account names off the ETW consumer thread: a cache answered at once, and a resolver thread that runs the
 * blocking lookup (LookupAccountSid on Windows) for SIDs not yet known. Depends on normalize's resolver interface
 * only; the lookup itself is given (host supplies it on Windows, tests a function).
 */
package dev.hookline.windows.account;
