package dev.hookline.kql.eval.fn;

import dev.hookline.kql.eval.Frame;
import dev.hookline.kql.eval.IpText;
import dev.hookline.kql.eval.Node;
import dev.hookline.kql.parse.KType;

/**
 * Kusto's IP functions over strings, with its null rules: an argument that does not parse as an address (empty,
 * garbage, out-of-range parts, a bad prefix) makes the result null, so a `where` on it is false and so is its not().
 * A constant range is parsed once at compile time. ipv4_is_in_range(ip, range): ip (masked by its own prefix if
 * it has one) lies in range. ipv4_is_private(ip): in 10/8, 172.16/12 or 192.168/16 (loopback is not private).
 * ipv4_is_match(a, b [, prefix]): equal on the shortest of the prefixes given. ipv6_is_in_range(ip, range): the
 * same over IPv6 (an IPv4 operand reads as ::ffff:a.b.c.d). See {@link StringFunctions} for how to add a function.
 */
public final class IpFunctions {
    private IpFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("ipv4_is_in_range").args(2).signature("ipv4_is_in_range(ip, range)")
                .doc("Whether the IPv4 address lies in the range (IP-prefix notation such as 10.0.0.0/8).")
                .returns(KType.BOOL).node((c, type) -> {
                    warnIfBadConstant(c, c.text(1), true);
                    return new V4InRange(c.text(0), c.text(1));
                }));
        t.add(FunctionDef.named("ipv6_is_in_range").args(2).signature("ipv6_is_in_range(ip, range)")
                .doc("Whether the IPv6 (or IPv4) address lies in the range (IP-prefix notation such as fe80::/10).")
                .returns(KType.BOOL).node((c, type) -> {
                    warnIfBadConstant(c, c.text(1), false);
                    return new V6InRange(c.text(0), c.text(1));
                }));
        t.add(FunctionDef.named("ipv4_is_private").args(1).signature("ipv4_is_private(ip)")
                .doc("Whether the IPv4 address is in 10/8, 172.16/12 or 192.168/16.")
                .returns(KType.BOOL).node((c, type) -> new V4IsPrivate(c.text(0))));
        t.add(FunctionDef.named("ipv4_is_match").args(2, 3).signature("ipv4_is_match(a, b [, prefix])")
                .doc("Whether two IPv4 addresses are equal on the shortest of their prefixes and prefix.")
                .returns(c -> {
                    if (c.size() == 3 && !Types.isWhole(c.type(2))) {
                        throw c.error(2, "ipv4_is_match() prefix must be a whole number");
                    }
                    return KType.BOOL;
                })
                .node((c, type) -> new V4IsMatch(c.text(0), c.text(1), c.size() == 3 ? c.arg(2) : null)));
    }

    /** Kusto reads an unparsable range as null (the function never matches); say so when it is a constant. */
    private static void warnIfBadConstant(CallSite c, Node range, boolean v4) {
        if (!range.isConstant()) {
            return;
        }
        String text = range.evalString(null);
        boolean ok = v4 ? IpText.v4(text) != IpText.INVALID : IpText.v6(text, new long[3]);
        if (!ok) {
            c.warn(c.name() + "() range '" + text
                    + "' is not valid IP-prefix notation; the function returns null (never true)");
        }
    }

    static final class V4InRange extends Node {
        private final Node ip;
        private final Node range;
        private final boolean rangeConstant;
        private final long constRange;

        V4InRange(Node ip, Node range) {
            super(KType.BOOL, ip, range);
            this.ip = ip;
            this.range = range;
            this.rangeConstant = range.isConstant();
            this.constRange = rangeConstant ? IpText.v4(range.evalString(null)) : IpText.INVALID;
        }

        @Override
        public long evalLong(Frame f) {
            long r = rangeConstant ? constRange : IpText.v4(range.evalString(f));
            long a = IpText.v4(ip.evalString(f));
            if (r == IpText.INVALID || a == IpText.INVALID) {
                return NULL;
            }
            long addr = IpText.v4Address(a) & IpText.v4Mask(IpText.v4Prefix(a));
            long m = IpText.v4Mask(IpText.v4Prefix(r));
            return (addr & m) == (IpText.v4Address(r) & m) ? TRUE : FALSE;
        }
    }

    static final class V4IsPrivate extends Node {
        private static final long[][] PRIVATE = {{0x0A00_0000L, 8}, {0xAC10_0000L, 12}, {0xC0A8_0000L, 16}};
        private final Node ip;

        V4IsPrivate(Node ip) {
            super(KType.BOOL, ip);
            this.ip = ip;
        }

        @Override
        public long evalLong(Frame f) {
            long a = IpText.v4(ip.evalString(f));
            if (a == IpText.INVALID) {
                return NULL;
            }
            long addr = IpText.v4Address(a) & IpText.v4Mask(IpText.v4Prefix(a));
            for (long[] net : PRIVATE) {
                long m = IpText.v4Mask((int) net[1]);
                if ((addr & m) == net[0]) {
                    return TRUE;
                }
            }
            return FALSE;
        }
    }

    static final class V4IsMatch extends Node {
        private final Node a;
        private final Node b;
        private final Node prefix; // or null

        V4IsMatch(Node a, Node b, Node prefix) {
            super(KType.BOOL, prefix == null ? new Node[] {a, b} : new Node[] {a, b, prefix});
            this.a = a;
            this.b = b;
            this.prefix = prefix;
        }

        @Override
        public long evalLong(Frame f) {
            long x = IpText.v4(a.evalString(f));
            long y = IpText.v4(b.evalString(f));
            if (x == IpText.INVALID || y == IpText.INVALID) {
                return NULL;
            }
            int p = Math.min(IpText.v4Prefix(x), IpText.v4Prefix(y));
            if (prefix != null) {
                long q = prefix.evalLong(f);
                if (q == NULL || q < 0 || q > 32) {
                    return NULL;
                }
                p = Math.min(p, (int) q);
            }
            long m = IpText.v4Mask(p);
            return (IpText.v4Address(x) & m) == (IpText.v4Address(y) & m) ? TRUE : FALSE;
        }
    }

    static final class V6InRange extends Node {
        private final Node ip;
        private final Node range;
        private final boolean rangeConstant;
        private final long[] constRange; // hi, lo, prefix; null when not constant or invalid
        private final ThreadLocal<long[]> scratch = ThreadLocal.withInitial(() -> new long[6]);

        V6InRange(Node ip, Node range) {
            super(KType.BOOL, ip, range);
            this.ip = ip;
            this.range = range;
            this.rangeConstant = range.isConstant();
            long[] r = new long[3];
            this.constRange = rangeConstant && IpText.v6(range.evalString(null), r) ? r : null;
        }

        @Override
        public long evalLong(Frame f) {
            long[] s = scratch.get();
            long rHi;
            long rLo;
            int rPrefix;
            if (rangeConstant) {
                if (constRange == null) {
                    return NULL;
                }
                rHi = constRange[0];
                rLo = constRange[1];
                rPrefix = (int) constRange[2];
            } else {
                if (!IpText.v6(range.evalString(f), s)) {
                    return NULL;
                }
                rHi = s[0];
                rLo = s[1];
                rPrefix = (int) s[2];
            }
            if (!IpText.v6(ip.evalString(f), s)) {
                return NULL;
            }
            // the address masked by its own prefix (if any), then compared on the range's prefix, as for IPv4
            int own = (int) s[2];
            long aHi = own >= 64 ? s[0] : own == 0 ? 0 : s[0] & (-1L << (64 - own));
            long aLo = own >= 128 ? s[1] : own <= 64 ? 0 : s[1] & (-1L << (128 - own));
            return IpText.v6SamePrefix(aHi, aLo, rHi, rLo, rPrefix) ? TRUE : FALSE;
        }
    }
}
