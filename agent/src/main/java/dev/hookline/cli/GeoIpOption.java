package dev.hookline.cli;

import dev.hookline.geoip.GeoIpDatabase;
import dev.hookline.kql.KqlOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * --geoip-db: the MaxMind database geo_info_from_ip_address reads; without it, {@code kql.geoip_db} of the config
 * given with --config. The file is opened once for the command's life (memory-mapped; the process exit frees it).
 */
final class GeoIpOption {
    @Option(names = "--geoip-db", paramLabel = "FILE",
            description = "MaxMind city database (.mmdb, e.g. GeoLite2-City) for geo_info_from_ip_address (default:"
                    + " kql.geoip_db of --config; none: every address gives an empty bag, with a warning).")
    Path geoipDb;

    /** The options with the database applied, or unchanged when none is given. */
    KqlOptions apply(KqlOptions options, ConfigOption config, String command) {
        Path p = geoipDb;
        if (p == null && config.config != null) {
            p = config.load().config().kql().geoipDb();
        }
        if (p == null) {
            return options;
        }
        try {
            return options.withGeoIp(GeoIpDatabase.open(p));
        } catch (IOException e) {
            throw new UserException(command + ": " + e.getMessage());
        }
    }
}
