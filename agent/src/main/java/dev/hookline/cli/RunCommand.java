package dev.hookline.cli;

import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.config.ConfigLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent: collectors, ring buffer, streaming rules, alert file, control socket.",
                "Needs root on Linux (audit, fanotify, packet sockets). Stops cleanly on SIGTERM/SIGINT and restores "
                        + "the kernel's audit settings."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        ConfigLoader.Loaded loaded = configOption.load();
        System.err.println("hookline: config: " + loaded.source());
        // The hook is in place before the agent starts: a SIGTERM while it starts (audit rules already installed,
        // control socket up) waits for the start to finish and then undoes it, instead of leaving the kernel's
        // audit rules and settings behind.
        AtomicReference<Agent> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Agent agent = running.get();
            if (agent != null) {
                System.err.println("hookline: stopping");
                agent.close();
            }
            stopped.countDown();
        }, "hookline-shutdown"));
        try {
            running.set(Agent.start(loaded.config(), System.err));
        } catch (AgentException e) {
            throw new UserException("cannot start: " + e.getMessage(), Main.EXIT_FAILURE);
        } finally {
            started.countDown();
        }
        stopped.await();
        return 0;
    }
}
