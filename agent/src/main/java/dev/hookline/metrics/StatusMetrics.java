package dev.hookline.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every counter of a status map as Prometheus series, read when scraped: the same map `hookline status` and the
 * health line print, so nothing is counted twice and the event path pays nothing for metrics. Names by
 * {@link MetricNames}; a key whose name another key already took is left out (first wins), as is a negative
 * value of a counter (Prometheus counters never go below 0).
 */
public final class StatusMetrics implements MultiCollector {
    private final String prefix;
    private final Supplier<Map<String, Long>> counters;

    public StatusMetrics(String prefix, Supplier<Map<String, Long>> counters) {
        this.prefix = prefix;
        this.counters = counters;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<MetricNames.Series>> families = new LinkedHashMap<>();
        Map<String, Boolean> kinds = new LinkedHashMap<>();
        Map<MetricNames.Series, Long> values = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, Long> e : counters.get().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            MetricNames.Series s = MetricNames.of(prefix, e.getKey());
            Boolean kind = kinds.putIfAbsent(s.name(), s.counter());
            if (kind != null && kind != s.counter()) {
                continue;
            }
            if (!taken.add(s.name() + "\0" + s.labelName() + "\0" + s.labelValue())
                    || (s.counter() && e.getValue() < 0)) {
                continue;
            }
            families.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
            values.put(s, e.getValue());
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (Map.Entry<String, List<MetricNames.Series>> f : families.entrySet()) {
            List<MetricNames.Series> series = f.getValue();
            String help = "hookline status: " + help(series);
            if (kinds.get(f.getKey())) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.getKey()).help(help);
                for (MetricNames.Series s : series) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s))
                            .value(values.get(s) * s.scale()).build());
                }
                out.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.getKey()).help(help);
                for (MetricNames.Series s : series) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s))
                            .value(values.get(s) * s.scale()).build());
                }
                out.add(b.build());
            }
        }
        return new MetricSnapshots(out);
    }

    private static String help(List<MetricNames.Series> series) {
        MetricNames.Series first = series.get(0);
        if (first.labelName() == null) {
            return first.key();
        }
        return first.key().replace(first.labelValue(), "<" + first.labelName() + ">");
    }

    private static Labels labels(MetricNames.Series s) {
        return s.labelName() == null ? Labels.EMPTY : Labels.of(s.labelName(), s.labelValue());
    }
}
