package dev.hookline.linux.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the answers of one DNS response (RFC 1035 wire format) and reports each A/AAAA address with the name a
 * process asked for: the question name when the record's owner is reached from it through the CNAME chain, else
 * the record's own owner. Every length and pointer is checked against the message; compression pointers must
 * point strictly backwards, which rules out loops. A message that ends early or breaks a rule yields
 * {@link Result#MALFORMED} and reports nothing. Not thread-safe: one instance per reader thread.
 */
public final class DnsMessageParser {
    public enum Result { OK, NOT_RESPONSE, MALFORMED }

    /** Receives one address → name mapping; addr[off..off+len) is 4 or 16 bytes, valid only during the call. */
    public interface AnswerSink {
        void answer(byte[] addr, int off, int len, String name, long ttlSeconds);
    }

    static final int TYPE_A = 1;
    static final int TYPE_CNAME = 5;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;
    private static final int MAX_NAME_WIRE = 255;
    private static final int MAX_CHAIN = 16;

    private final StringBuilder sb = new StringBuilder(64);
    /** Position after the last name read in the record stream (not where pointers led). */
    private int after;
    private final Map<String, String> cnames = new HashMap<>();
    private final Map<String, Long> cnameTtl = new HashMap<>();
    private final List<int[]> addrs = new ArrayList<>();
    private final List<String> addrOwners = new ArrayList<>();

    public Result parse(byte[] m, int off, int len, AnswerSink sink) {
        if (off < 0 || len < 0 || off + len > m.length || len < 12) {
            return Result.MALFORMED;
        }
        int end = off + len;
        int flags = u16(m, off + 2);
        if ((flags & 0x8000) == 0 || ((flags >> 11) & 0xf) != 0) {
            return Result.NOT_RESPONSE;
        }
        int qd = u16(m, off + 4);
        int an = u16(m, off + 6);
        int p = off + 12;
        String qname = null;
        for (int i = 0; i < qd; i++) {
            String n = readName(m, off, end, p);
            if (n == null || after + 4 > end) {
                return Result.MALFORMED;
            }
            if (i == 0) {
                qname = n;
            }
            p = after + 4;
        }
        cnames.clear();
        cnameTtl.clear();
        addrs.clear();
        addrOwners.clear();
        for (int i = 0; i < an; i++) {
            String owner = readName(m, off, end, p);
            if (owner == null || after + 10 > end) {
                return Result.MALFORMED;
            }
            p = after;
            int type = u16(m, p);
            int cls = u16(m, p + 2);
            long ttl = u32(m, p + 4);
            int rdlen = u16(m, p + 8);
            int rd = p + 10;
            if (rd + rdlen > end) {
                return Result.MALFORMED;
            }
            if (ttl > 0x7fffffffL) {
                ttl = 0; // RFC 2181 §8: a TTL with the top bit set is treated as zero
            }
            if (cls == CLASS_IN) {
                if (type == TYPE_A || type == TYPE_AAAA) {
                    int want = type == TYPE_A ? 4 : 16;
                    if (rdlen != want) {
                        return Result.MALFORMED;
                    }
                    addrs.add(new int[]{rd, rdlen, (int) ttl});
                    addrOwners.add(owner);
                } else if (type == TYPE_CNAME) {
                    String target = readName(m, off, rd + rdlen, rd);
                    if (target == null || after != rd + rdlen) {
                        return Result.MALFORMED;
                    }
                    cnames.put(owner, target);
                    cnameTtl.put(owner, ttl);
                }
            }
            p = rd + rdlen;
        }
        // Walk the chain from the question so each owner on it maps back to what the process asked for.
        Map<String, Long> onChain = new HashMap<>();
        if (qname != null) {
            String cur = qname;
            long ttl = Long.MAX_VALUE;
            for (int hop = 0; hop <= MAX_CHAIN && cur != null && !onChain.containsKey(cur); hop++) {
                onChain.put(cur, ttl);
                Long t = cnameTtl.get(cur);
                if (t != null) {
                    ttl = Math.min(ttl, t);
                }
                cur = cnames.get(cur);
            }
        }
        for (int i = 0; i < addrs.size(); i++) {
            int[] a = addrs.get(i);
            String owner = addrOwners.get(i);
            Long chainTtl = onChain.get(owner);
            String name = chainTtl != null ? qname : owner;
            long ttl = chainTtl != null ? Math.min(chainTtl, a[2] & 0xffffffffL) : a[2] & 0xffffffffL;
            sink.answer(m, a[0], a[1], name, ttl);
        }
        return Result.OK;
    }

    /**
     * Reads a possibly compressed name starting at p, lowercased and dot-separated with no trailing dot ("" for
     * the root); bytes outside printable ASCII, dots and backslashes inside labels are written as \DDD. Returns
     * null on any violation; {@link #after} is the position after the name in the original stream.
     */
    String readName(byte[] m, int base, int end, int p) {
        sb.setLength(0);
        int wire = 0;
        int after = -1;
        int limit = p; // pointers must go strictly below this, so every jump moves backwards
        while (true) {
            if (p >= end || p < base) {
                return null;
            }
            int l = m[p] & 0xff;
            if ((l & 0xc0) == 0xc0) {
                if (p + 1 >= end) {
                    return null;
                }
                int target = base + (((l & 0x3f) << 8) | (m[p + 1] & 0xff));
                if (after < 0) {
                    after = p + 2;
                }
                if (target >= limit) {
                    return null;
                }
                limit = target;
                p = target;
                continue;
            }
            if ((l & 0xc0) != 0) {
                return null; // 0x40 / 0x80 label types are obsolete or undefined
            }
            wire += l + 1;
            if (wire > MAX_NAME_WIRE) {
                return null;
            }
            if (l == 0) {
                if (after < 0) {
                    after = p + 1;
                }
                break;
            }
            if (p + 1 + l > end) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (int i = p + 1; i <= p + l; i++) {
                int c = m[i] & 0xff;
                if (c >= 'A' && c <= 'Z') {
                    sb.append((char) (c + 32));
                } else if (c > 0x20 && c < 0x7f && c != '.' && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
                }
            }
            if (limit > p) {
                limit = p; // later pointers must also land before this label
            }
            p += 1 + l;
        }
        this.after = after;
        return sb.toString();
    }

    private static int u16(byte[] m, int p) {
        return ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
    }

    private static long u32(byte[] m, int p) {
        return ((long) (m[p] & 0xff) << 24) | ((m[p + 1] & 0xff) << 16) | ((m[p + 2] & 0xff) << 8) | (m[p + 3] & 0xff);
    }
}
