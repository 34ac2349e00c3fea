package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.IpText;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.List;

/**
 * Kusto's IP functions over strings, with its null rules: an argument that does not parse as an address (empty,
 * garbage, out-of-range parts, a bad prefix) makes the result null, so a `where` on it is false and so is its not().
 * A constant range is parsed once at compile time. ipv4_is_in_range(ip, range): ip (masked by its own prefix if
 * it has one) lies in range. ipv4_is_private(ip): in 10/8, 172.16/12 or 192.168/16 (loopback is not private).
 * ipv4_is_match(a, b [, prefix]): equal on the shortest of the prefixes given. ipv6_is_in_range(ip, range): the
 * same over IPv6 (an IPv4 operand reads as ::ffff:a.b.c.d). ipv4_compare/ipv6_compare order two addresses on the
 * shortest of their prefixes; parse_ipv4 and parse_ipv4_mask give the masked address as a long; format_ipv4 and
 * format_ipv4_mask print one; ipv4_netmask_suffix reads the prefix; ipv4_is_in_any_range takes ranges as arguments or
 * as one constant dynamic array. See {@link StringFunctions} for how to add a function.
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
        registerLibrary(t);
    }

    private static final long NULL = Node.NULL;

    private static void registerLibrary(FunctionTable t) {
        t.add(FunctionDef.named("ipv4_compare").args(2, 3).signature("ipv4_compare(a, b [, prefix])")
                .doc("-1, 0 or 1 as IPv4 address a sorts before, equal to or after b, compared on the shortest of"
                        + " their prefixes and prefix; null when either is not an address.")
                .returns(c -> prefixArg(c, 2, KType.LONG))
                .node((c, type) -> {
                    Node a = c.text(0);
                    Node b = c.text(1);
                    Node prefix = c.size() == 3 ? c.arg(2) : Nodes.Const.ofLong(KType.LONG, 32);
                    return FnNode.ofLong(KType.LONG, f -> {
                        long x = IpText.v4(a.evalString(f));
                        long y = IpText.v4(b.evalString(f));
                        long q = prefix.evalLong(f);
                        if (x == IpText.INVALID || y == IpText.INVALID || q == NULL || q < 0 || q > 32) {
                            return NULL;
                        }
                        long m = IpText.v4Mask((int) Math.min(q, Math.min(IpText.v4Prefix(x), IpText.v4Prefix(y))));
                        return Long.compare(IpText.v4Address(x) & m, IpText.v4Address(y) & m);
                    }, a, b, prefix);
                }));
        t.add(FunctionDef.named("ipv6_compare").args(2, 3).signature("ipv6_compare(a, b [, prefix])")
                .doc("-1, 0 or 1 as IPv6 (or IPv4) address a sorts before, equal to or after b, compared on the"
                        + " shortest of their prefixes and prefix; null when either is not an address.")
                .returns(c -> prefixArg(c, 2, KType.LONG))
                .node((c, type) -> {
                    Node a = c.text(0);
                    Node b = c.text(1);
                    Node prefix = c.size() == 3 ? c.arg(2) : Nodes.Const.ofLong(KType.LONG, 128);
                    return FnNode.ofLong(KType.LONG, f -> {
                        long[] x = new long[3];
                        long[] y = new long[3];
                        long q = prefix.evalLong(f);
                        if (!IpText.v6(a.evalString(f), x) || !IpText.v6(b.evalString(f), y) || q == NULL || q < 0
                                || q > 128) {
                            return NULL;
                        }
                        int p = (int) Math.min(q, Math.min(x[2], y[2]));
                        long hiMask = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
                        long loMask = p >= 128 ? -1L : p <= 64 ? 0 : -1L << (128 - p);
                        int hi = Long.compareUnsigned(x[0] & hiMask, y[0] & hiMask);
                        return hi != 0 ? Integer.signum(hi) : Integer.signum(Long.compareUnsigned(x[1] & loMask,
                                y[1] & loMask));
                    }, a, b, prefix);
                }));
        t.add(FunctionDef.named("parse_ipv4").args(1).signature("parse_ipv4(ip)")
                .doc("The IPv4 address (masked by its own prefix, if it has one) as a long; null when it is not one.")
                .returns(KType.LONG).node((c, type) -> {
                    Node ip = c.text(0);
                    return FnNode.ofLong(KType.LONG, f -> masked(IpText.v4(ip.evalString(f)), 32), ip);
                }));
        t.add(FunctionDef.named("parse_ipv4_mask").args(2).signature("parse_ipv4_mask(ip, prefix)")
                .doc("The IPv4 address masked by prefix (0 to 32) as a long; null when it is not an address.")
                .returns(c -> {
                    Types.whole(c, 1, "prefix");
                    return KType.LONG;
                })
                .node((c, type) -> {
                    Node ip = c.text(0);
                    Node prefix = c.arg(1);
                    return FnNode.ofLong(KType.LONG, f -> {
                        long q = prefix.evalLong(f);
                        return q == NULL || q < 0 || q > 32 ? NULL : masked(IpText.v4(ip.evalString(f)), (int) q);
                    }, ip, prefix);
                }));
        t.add(FunctionDef.named("ipv4_netmask_suffix").args(1).signature("ipv4_netmask_suffix(ip)")
                .doc("The prefix length of an IPv4 address in IP-prefix notation (32 when it has none); null when it"
                        + " is not one.")
                .returns(KType.INT).node((c, type) -> {
                    Node ip = c.text(0);
                    return FnNode.ofLong(KType.INT, f -> {
                        long a = IpText.v4(ip.evalString(f));
                        return a == IpText.INVALID ? NULL : IpText.v4Prefix(a);
                    }, ip);
                }));
        for (boolean withMask : new boolean[] {false, true}) {
            String name = withMask ? "format_ipv4_mask" : "format_ipv4";
            t.add(FunctionDef.named(name).args(1, 2).signature(name + "(ip [, prefix])")
                    .doc("The IPv4 address (text or a long) masked by prefix as a.b.c.d" + (withMask ? "/prefix" : "")
                            + "; \"\" when it is not one.")
                    .returns(c -> {
                        KType a = c.type(0);
                        if (!(a.isText() || Types.isWhole(a))) {
                            throw c.error(0, c.name() + "() ip must be a string or a long, not " + a.kustoName());
                        }
                        return prefixArg(c, 1, KType.STRING);
                    })
                    .node((c, type) -> {
                        Node ip = c.arg(0);
                        Node prefix = c.size() == 2 ? c.arg(1) : Nodes.Const.ofLong(KType.LONG, 32);
                        return FnNode.ofString(f -> {
                            long q = prefix.evalLong(f);
                            long parsed;
                            if (ip.type.isText()) {
                                parsed = IpText.v4(ip.evalString(f));
                            } else {
                                long v = ip.evalLong(f);
                                parsed = v == NULL || v < 0 || v > 0xFFFF_FFFFL ? IpText.INVALID : (32L << 32) | v;
                            }
                            if (parsed == IpText.INVALID || q == NULL || q < 0 || q > 32) {
                                return "";
                            }
                            int p = (int) Math.min(q, IpText.v4Prefix(parsed));
                            long a = IpText.v4Address(parsed) & IpText.v4Mask(p);
                            String text = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "."
                                    + (a & 255);
                            return withMask ? text + "/" + p : text;
                        }, ip, prefix);
                    }));
        }
        t.add(FunctionDef.named("ipv4_is_in_any_range").args(2, FunctionDef.VARARGS)
                .signature("ipv4_is_in_any_range(ip, range1, range2, ...)")
                .usage("ipv4_is_in_any_range(RemoteIP, dynamic([\"10.0.0.0/8\", \"192.168.0.0/16\"]))")
                .doc("Whether the IPv4 address lies in any of the ranges (given as arguments or one dynamic array);"
                        + " null when it is not an address.")
                .returns(KType.BOOL).node((c, type) -> {
                    List<Node> ranges = new ArrayList<>();
                    List<Node> rowArrays = new ArrayList<>(); // dynamic arrays read from the row
                    for (int i = 1; i < c.size(); i++) {
                        Node a = c.arg(i);
                        if (a.type == KType.DYNAMIC && !a.isConstant()) {
                            rowArrays.add(a);
                            continue;
                        }
                        List<Node> items = new ArrayList<>();
                        Nodes.flatten(a, items);
                        for (Node n : items) {
                            ranges.add(ConversionFunctions.text(n));
                        }
                    }
                    for (Node r : ranges) {
                        warnIfBadConstant(c, r, true);
                    }
                    Node ip = c.text(0);
                    Node[] tests = new Node[ranges.size()];
                    for (int i = 0; i < tests.length; i++) {
                        tests[i] = new V4InRange(ip, ranges.get(i));
                    }
                    List<Node> all = new ArrayList<>(List.of(tests));
                    all.add(0, ip);
                    all.addAll(rowArrays);
                    return FnNode.ofLong(KType.BOOL, f -> {
                        long a = IpText.v4(ip.evalString(f));
                        if (a == IpText.INVALID) {
                            return NULL;
                        }
                        for (Node test : tests) {
                            if (test.evalLong(f) == TRUE_) {
                                return TRUE_;
                            }
                        }
                        for (Node arr : rowArrays) {
                            List<Object> list = DynamicFunctions.asList(arr.evalDynamic(f));
                            for (Object r : list == null ? List.of() : list) {
                                if (r instanceof String && inRange(a, IpText.v4((String) r))) {
                                    return TRUE_;
                                }
                            }
                        }
                        return FALSE_;
                    }, all.toArray(new Node[0]));
                }));
    }

    /** Whether a parsed address (masked by its own prefix) lies in a parsed range. */
    private static boolean inRange(long a, long r) {
        if (r == IpText.INVALID) {
            return false;
        }
        long addr = IpText.v4Address(a) & IpText.v4Mask(IpText.v4Prefix(a));
        long m = IpText.v4Mask(IpText.v4Prefix(r));
        return (addr & m) == (IpText.v4Address(r) & m);
    }

    private static final long TRUE_ = Node.TRUE;
    private static final long FALSE_ = Node.FALSE;

    /** An optional whole-number prefix at argument i; returns the result type. */
    private static KType prefixArg(CallSite c, int i, KType result) {
        if (c.size() > i) {
            Types.whole(c, i, "prefix");
        }
        return result;
    }

    /** A parsed IPv4 address masked by the shorter of its own prefix and prefix, as a long; NULL when invalid. */
    private static long masked(long parsed, int prefix) {
        if (parsed == IpText.INVALID) {
            return NULL;
        }
        return IpText.v4Address(parsed) & IpText.v4Mask(Math.min(prefix, IpText.v4Prefix(parsed)));
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
