package dev.hookline.macos.proc;

import com.sun.jna.Pointer;
import dev.hookline.process.Account;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * uid → MDE Account columns, as on Linux: AccountName the user name (getpwuid, which on macOS asks Directory
 * Services, so network and mobile accounts resolve too), AccountDomain the host name, AccountSid the uid.
 * Cached per uid; an unresolvable uid keeps a null name.
 */
public final class Accounts implements LongFunction<Account> {
    private final String domain;
    private final LongFunction<String> names;
    private final ConcurrentHashMap<Long, Account> cache = new ConcurrentHashMap<>();

    public Accounts(String domain, LongFunction<String> names) {
        this.domain = domain;
        this.names = names;
    }

    /** Names from libc's getpwuid (macOS). */
    public static Accounts system(String domain) {
        return new Accounts(domain, Accounts::getpwuidName);
    }

    static synchronized String getpwuidName(long uid) {
        try {
            Pointer pw = LibC.instance().getpwuid((int) uid);
            if (pw == null) {
                return null;
            }
            Pointer name = pw.getPointer(0);
            return name == null ? null : name.getString(0, "UTF-8");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
    }

    @Override
    public Account apply(long uid) {
        if (uid < 0) {
            return Account.UNKNOWN;
        }
        return cache.computeIfAbsent(uid, u -> new Account(names.apply(u), domain, Long.toString(u)));
    }
}
