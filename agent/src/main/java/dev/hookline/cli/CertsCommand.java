package dev.hookline.cli;

import dev.hookline.transport.tls.FleetCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Create a fleet CA, a collector certificate and agent certificates (PEM; keys written mode 0600).",
        subcommands = {CertsCommand.Ca.class, CertsCommand.Collector.class, CertsCommand.Agent.class})
final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Common {
        @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR", description = "Where the PEM files are (default .).")
        Path dir;

        @Option(names = "--days", defaultValue = "825", description = "Validity in days (default 825).")
        int days;

        Duration validity() {
            if (days < 1) {
                throw new UserException("--days must be at least 1");
            }
            return Duration.ofDays(days);
        }

        FleetCerts.Issued ca() {
            try {
                return FleetCerts.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
            } catch (IOException e) {
                throw new UserException("cannot read the CA (" + dir.resolve("ca.pem") + ", ca-key.pem): "
                        + e.getMessage() + "; create it with: hookline certs ca --dir " + dir, Main.EXIT_FAILURE);
            }
        }

        void write(FleetCerts.Issued issued, String base, CommandSpec spec) {
            Path cert = dir.resolve(base + ".pem");
            Path key = dir.resolve(base + "-key.pem");
            if (Files.exists(cert) || Files.exists(key)) {
                throw new UserException(cert + " or " + key + " exists already; not overwriting");
            }
            try {
                Files.createDirectories(dir);
                issued.writePem(cert, key);
            } catch (IOException e) {
                throw new UserException("cannot write " + cert + ": " + e.getMessage(), Main.EXIT_FAILURE);
            }
            spec.commandLine().getOut().println("wrote " + cert + " and " + key + " (CN=" + issued.commonName() + ")");
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true, description = "Create the fleet CA: ca.pem, ca-key.pem.")
    static final class Ca implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--name", defaultValue = "Hookline fleet CA", description = "The CA's common name.")
        String name;

        @Override
        public Integer call() {
            common.write(FleetCerts.createCa(name, common.validity()), "ca", spec);
            return 0;
        }
    }

    @Command(name = "collector", mixinStandardHelpOptions = true,
            description = "Issue the collector's certificate: collector.pem, collector-key.pem.")
    static final class Collector implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Parameters(arity = "1..*", paramLabel = "HOST", description = "DNS names or IP addresses agents use to reach it.")
        List<String> hosts;

        @Override
        public Integer call() {
            common.write(FleetCerts.issueCollector(common.ca(), hosts.get(0), hosts, common.validity()), "collector", spec);
            return 0;
        }
    }

    @Command(name = "agent", mixinStandardHelpOptions = true,
            description = "Issue an agent certificate: agent-<ID>.pem, agent-<ID>-key.pem (ID becomes the CN).")
    static final class Agent implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Common common = new Common();

        @Parameters(index = "0", paramLabel = "ID", description = "The agent's id, e.g. its host name.")
        String id;

        @Override
        public Integer call() {
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new UserException("agent id must be 1-64 letters, digits, '.', '_' or '-'");
            }
            common.write(FleetCerts.issueAgent(common.ca(), id, common.validity()), "agent-" + id, spec);
            return 0;
        }
    }
}
