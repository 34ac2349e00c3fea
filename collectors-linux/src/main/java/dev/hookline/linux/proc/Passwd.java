package dev.hookline.linux.proc;

import dev.hookline.process.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * uid → MDE account. AccountName is the /etc/passwd name (users from NSS sources such as LDAP are not seen: the
 * name is then null); AccountDomain is the host name, as Defender for Endpoint on Linux reports it; AccountSid holds
 * the uid in decimal, since Linux has no SIDs and a uid is the stable identity of the account. The file is re-read
 * when its modification time changes, checked at most every few seconds.
 */
public final class Passwd {
    private static final long RECHECK_NANOS = 5_000_000_000L;
    private final Path file;
    private final String domain;
    private volatile Map<Long, String> names = Map.of();
    private final ConcurrentHashMap<Long, Account> cache = new ConcurrentHashMap<>();
    private volatile Last last;
    private volatile long lastMtime = Long.MIN_VALUE;
    private volatile long lastCheck = Long.MIN_VALUE;

    public Passwd(Path file, String domain) {
        this.file = file;
        this.domain = domain;
        refresh(System.nanoTime(), true);
    }

    public static Passwd system(String hostName) {
        return new Passwd(Path.of("/etc/passwd"), hostName);
    }

    /** The account for a uid; uid &lt; 0 gives {@link Account#UNKNOWN}. */
    public Account account(long uid) {
        if (uid < 0) {
            return Account.UNKNOWN;
        }
        refresh(System.nanoTime(), false);
        Last recent = last; // most execs on a host are one user's: no map lookup for a repeat
        if (recent != null && recent.uid == uid) {
            return recent.account;
        }
        Account a = cache.computeIfAbsent(uid, u -> new Account(names.get(u), domain, Long.toString(u)));
        this.last = new Last(uid, a);
        return a;
    }

    private record Last(long uid, Account account) {
    }

    private void refresh(long now, boolean force) {
        if (!force && lastCheck != Long.MIN_VALUE && now - lastCheck < RECHECK_NANOS) {
            return;
        }
        lastCheck = now;
        try {
            long mtime = Files.getLastModifiedTime(file).toMillis();
            if (!force && mtime == lastMtime) {
                return;
            }
            names = parse(Files.readString(file, StandardCharsets.UTF_8));
            lastMtime = mtime;
            cache.clear();
            last = null;
        } catch (IOException | RuntimeException e) {
            // Unreadable passwd: keep what we had; names stay null rather than failing events.
        }
    }

    /** name:password:uid:gid:gecos:home:shell lines; malformed lines are skipped; the first name for a uid wins. */
    public static Map<Long, String> parse(String text) {
        Map<Long, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '+' || line.charAt(0) == '-') {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty()) {
                continue;
            }
            try {
                out.putIfAbsent(Long.parseLong(f[2].trim()), f[0]);
            } catch (NumberFormatException e) {
                // skip
            }
        }
        return out;
    }
}
