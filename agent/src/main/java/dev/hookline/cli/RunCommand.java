package dev.hookline.cli;

import dev.hookline.agent.Agent;
import dev.hookline.agent.AgentException;
import dev.hookline.config.ConfigLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        Agent agent;
        try {
            agent = Agent.start(loaded.config(), System.err);
        } catch (AgentException e) {
            throw new UserException("cannot start: " + e.getMessage(), Main.EXIT_FAILURE);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("hookline: stopping");
            agent.close();
            stopped.countDown();
        }, "hookline-shutdown"));
        stopped.await();
        return 0;
    }
}
