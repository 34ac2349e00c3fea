package dev.hookline.cli;

import dev.hookline.sentinel.ArmTemplate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sentinel", mixinStandardHelpOptions = true,
        description = {"Microsoft Sentinel forwarding (alerts.sentinel in the config; see docs/sentinel.md)."},
        subcommands = {SentinelCommand.Template.class})
final class SentinelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "template", mixinStandardHelpOptions = true,
            description = {"Print the ARM template (JSON) that creates the Hookline custom tables (HooklineAlerts_CL, "
                    + "HooklineProcessEvents_CL, HooklineNetworkEvents_CL, HooklineFileEvents_CL) and a Direct data "
                    + "collection rule with their streams, generated from the agent's own schema.",
                    "Deploy: az deployment group create --resource-group RG --template-file hookline-sentinel.json"})
    static final class Template implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace-name", paramLabel = "NAME",
                description = "Default for the template's workspaceName parameter (else given at deployment).")
        String workspaceName;

        @Option(names = "--alerts-stream", paramLabel = "STREAM", defaultValue = "Custom-HooklineAlerts",
                description = "The alert stream name (alerts.sentinel.alerts_stream). Default: ${DEFAULT-VALUE}.")
        String alertsStream;

        @Override
        public Integer call() {
            if (!alertsStream.matches("Custom-[A-Za-z0-9_]+")) {
                throw new UserException("--alerts-stream must be Custom- then letters, digits or _, got "
                        + alertsStream);
            }
            if (workspaceName != null && !workspaceName.matches("[A-Za-z0-9][A-Za-z0-9-]{2,62}")) {
                throw new UserException("--workspace-name: a Log Analytics workspace name is 4-63 letters, digits "
                        + "or hyphens, got " + workspaceName);
            }
            spec.commandLine().getOut().println(ArmTemplate.json(workspaceName, alertsStream));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
