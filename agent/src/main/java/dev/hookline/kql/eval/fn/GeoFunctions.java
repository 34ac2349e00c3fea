package dev.hookline.kql.eval.fn;

import dev.hookline.geoip.GeoIpDatabase;
import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.IpText;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.parse.KType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * geo_info_from_ip_address: Kusto's property bag (country, state, city, latitude, longitude) for an IPv4 or IPv6
 * address, read from the MaxMind database the user configured ({@code --geoip-db}, config {@code kql.geoip_db}),
 * as Kusto reads MaxMind's GeoLite2-City. Kusto answers an empty bag for an address it cannot place (private,
 * reserved, unknown); so does Hookline, and with no database at all every address is such an address, with one
 * warning per query saying so (a published query that only enriches its rows still runs, as with render).
 */
final class GeoFunctions {
    static final String NO_DATABASE = "geo_info_from_ip_address() gives an empty bag for every address: no geo"
            + " database is configured (a MaxMind .mmdb file such as GeoLite2-City: `--geoip-db FILE` or kql.geoip_db"
            + " in the config)";
    private static final Map<String, Object> EMPTY = Dynamic.bag(new LinkedHashMap<>());

    private GeoFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("geo_info_from_ip_address").args(1).signature("geo_info_from_ip_address(ip)")
                .doc("Where an IPv4 or IPv6 address is, as a bag {country, state, city, latitude, longitude}, from the"
                        + " MaxMind database given by --geoip-db or kql.geoip_db; an empty bag for a private or unknown"
                        + " address (and for every address without a database); null when the text is not an address.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    GeoIpDatabase db = c.options().geoIp();
                    if (db == null) {
                        c.notice(NO_DATABASE);
                    }
                    Node ip = c.text(0);
                    return FnNode.ofDynamic(f -> info(db, ip.evalString(f)), ip);
                }));
    }

    /** The bag for one address text: null when it is not an address, empty when the database cannot place it. */
    static Object info(GeoIpDatabase db, String text) {
        InetAddress a = address(text);
        if (a == null) {
            return null;
        }
        if (db == null) {
            return EMPTY;
        }
        GeoIpDatabase.Location loc = db.lookup(a);
        if (loc == null) {
            return EMPTY;
        }
        Map<String, Object> bag = new LinkedHashMap<>();
        putIf(bag, "country", loc.country());
        putIf(bag, "state", loc.state());
        putIf(bag, "city", loc.city());
        putIf(bag, "latitude", loc.latitude());
        putIf(bag, "longitude", loc.longitude());
        return Dynamic.bag(bag);
    }

    private static void putIf(Map<String, Object> bag, String key, Object value) {
        if (value != null) {
            bag.put(key, value);
        }
    }

    /** The address (no prefix, no host name: nothing here may trigger a DNS lookup), or null. */
    static InetAddress address(String text) {
        if (text == null || text.isEmpty() || text.indexOf('/') >= 0) {
            return null;
        }
        try {
            long v4 = IpText.v4(text);
            if (v4 != IpText.INVALID) {
                long a = IpText.v4Address(v4);
                return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                        (byte) a});
            }
            long[] hl = new long[3];
            if (text.indexOf(':') < 0 || !IpText.v6(text, hl)) {
                return null;
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hl[0] >>> (56 - 8 * i));
                b[8 + i] = (byte) (hl[1] >>> (56 - 8 * i));
            }
            // an IPv4-mapped IPv6 text (::ffff:a.b.c.d) becomes an Inet4Address, which MaxMind looks up as IPv4
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
