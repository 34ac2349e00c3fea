package dev.hookline.linux.fanotify;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.Platform;

/** "linux-fanotify": DeviceFileEvents from fanotify; config keys in {@link FanotifySettings}. */
public final class FanotifyCollectorProvider implements CollectorProvider {
    static final String NAME = "linux-fanotify";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.current() == Platform.LINUX;
    }

    @Override
    public String unsupportedReason() {
        if (Platform.current() != Platform.LINUX) {
            return "not Linux";
        }
        // Whether the kernel has fanotify, and which mode it allows, is found by start() trying fanotify_init.
        return null;
    }

    @Override
    public Record defaultSettings() {
        return FanotifySettings.DEFAULTS;
    }


    @Override
    public Collector create(CollectorContext context) throws CollectorException {
        try {
            return new FanotifyCollector(context);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage(), e);
        }
    }
}
