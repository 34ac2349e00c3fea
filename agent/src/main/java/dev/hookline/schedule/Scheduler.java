package dev.hookline.schedule;

import dev.hookline.alert.ScheduledAlert;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.ScheduledRule;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The agent's scheduled rules: each runs every queryFrequency (the first time one frequency after the start) over
 * the last queryPeriod of history, on a small pool of threads of their own (never the ring's consumer). Rules are
 * independent (each has its own runner, state and compiled query; history is read through a new source per run),
 * so two can run at once; one rule's runs never overlap (a fixed-rate task waits for its previous run). A long run
 * delays the other rules only when every thread is busy. A failing run is counted and reported, and the rule
 * runs again at its next time.
 */
public final class Scheduler implements AutoCloseable {
    private final List<RuleRunner> runners = new ArrayList<>();
    private final Windows windows;
    private final Consumer<ScheduledAlert> alerts;
    private final BiConsumer<ScheduledRule, String> failures;
    private final int threads;
    private ScheduledExecutorService thread;

    /** One thread, every rule with {@code options}' row budget. */
    public Scheduler(List<ScheduledRule> rules, KqlOptions options, Windows windows, Consumer<ScheduledAlert> alerts,
                     BiConsumer<ScheduledRule, String> failures) {
        this(rules, options, new RowBudgets(options.rowBudget(), Map.of()), 1, windows, alerts, failures);
    }

    /**
     * @param budgets  each rule's row budget (replacing {@code options}')
     * @param threads  runs at once at most (a bounded pool; more rules than threads wait their turn)
     * @param failures told the rule and the error of each failed run (the agent logs it and raises a health alert)
     */
    public Scheduler(List<ScheduledRule> rules, KqlOptions options, RowBudgets budgets, int threads, Windows windows,
                     Consumer<ScheduledAlert> alerts, BiConsumer<ScheduledRule, String> failures) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        for (ScheduledRule r : rules) {
            runners.add(new RuleRunner(r, budgets.options(options, r)));
        }
        this.threads = Math.min(threads, Math.max(1, rules.size()));
        this.windows = windows;
        this.alerts = alerts;
        this.failures = failures;
    }

    public void start() {
        if (runners.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        thread = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "hookline-scheduled-rules-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (RuleRunner r : runners) {
            long f = r.rule().schedule().frequencyNanos();
            thread.scheduleAtFixedRate(() -> runOnce(r), f, f, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Runs every rule once now, on the calling thread, besides its schedule (`hookline scenarios run` does, after a
     * scenario, for rules whose queryFrequency is a day).
     */
    public void runAllNow() {
        for (RuleRunner r : runners) {
            runOnce(r);
        }
    }

    /**
     * One run; nothing escapes (an exception would cancel the rule's later runs). Synchronized on the runner: a
     * {@link #runAllNow} must not overlap the rule's scheduled run (a runner is not thread-safe).
     */
    private void runOnce(RuleRunner r) {
        synchronized (r) {
            runLocked(r);
        }
    }

    private void runLocked(RuleRunner r) {
        try {
            for (ScheduledAlert a : r.run(windows, Times.nowNanos())) {
                alerts.accept(a);
            }
            RunReport last = r.last();
            if (Thread.currentThread().isInterrupted()) {
                return; // closing: the run was stopped, its report (if any) is the previous run's
            }
            if (last != null && last.error() != null) {
                failures.accept(r.rule(), last.error());
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                failures.accept(r.rule(), e.toString());
            }
        }
    }

    /** Counters for `hookline status` and the health line. */
    public Map<String, Long> counters() {
        long runs = 0;
        long failed = 0;
        long raised = 0;
        long dups = 0;
        long quiet = 0;
        for (RuleRunner r : runners) {
            runs += r.runs();
            failed += r.failures();
            raised += r.alerts();
            dups += r.deduplicated();
            quiet += r.quietRuns();
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("scheduled_rules", (long) runners.size());
        m.put("scheduled_threads", (long) threads);
        m.put("scheduled_runs", runs);
        m.put("scheduled_run_failures", failed);
        m.put("scheduled_alerts", raised);
        m.put("scheduled_rows_already_raised", dups);
        m.put("scheduled_runs_suppressed", quiet);
        return m;
    }

    /** Per rule, "scheduled.<id>" → its schedule and its last run, for `hookline status`. */
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        for (RuleRunner r : runners) {
            RunReport last = r.last();
            m.put("scheduled." + r.rule().rule().id(), r.rule().schedule().describe() + "; "
                    + (last == null ? "not run yet" : last.describe()));
        }
        return m;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
