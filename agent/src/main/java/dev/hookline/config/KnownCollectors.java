package dev.hookline.config;

import dev.hookline.collector.CollectorProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The collectors whose module is on the class path, with their settings: what a {@code collectors:} section may
 * name. A section is checked against its collector's settings record whichever OS the collector is for, so a
 * config shared by Linux, Windows and macOS hosts is checked whole on each; a section naming no known collector
 * is an error listing the known ones.
 */
public final class KnownCollectors {
    /** One collector: its name, default settings, documented section and whether it runs on this OS. */
    public record Known(String name, Record defaults, String documented, boolean forThisPlatform) {
    }

    private static volatile KnownCollectors installed;

    private final Map<String, Known> byName;

    private KnownCollectors(Map<String, Known> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The collectors found by {@link ServiceLoader} (read once). */
    public static KnownCollectors installed() {
        KnownCollectors k = installed;
        if (k == null) {
            List<CollectorProvider> providers = new ArrayList<>();
            Iterator<CollectorProvider> it = ServiceLoader.load(CollectorProvider.class).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    providers.add(it.next());
                } catch (ServiceConfigurationError e) {
                    // a provider that cannot load is reported by the agent when it starts collectors
                }
            }
            k = of(providers);
            installed = k;
        }
        return k;
    }

    public static KnownCollectors of(Collection<? extends CollectorProvider> providers) {
        Map<String, Known> m = new TreeMap<>();
        for (CollectorProvider p : providers) {
            m.put(p.name(), new Known(p.name(), p.defaultSettings(), p.documentedSettings(), p.forThisPlatform()));
        }
        return new KnownCollectors(m);
    }

    /** The collector of that name, or null. */
    public Known get(String name) {
        return byName.get(name);
    }

    /** Every known collector, by name. */
    public Collection<Known> all() {
        return byName.values();
    }

    /** The known names, sorted and joined, for an error message. */
    String names() {
        return byName.isEmpty() ? "none (no collector module is on the class path)"
                : String.join(", ", byName.keySet());
    }
}
