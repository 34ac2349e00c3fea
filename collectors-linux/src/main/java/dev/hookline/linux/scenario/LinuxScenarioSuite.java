package dev.hookline.linux.scenario;

import dev.hookline.collector.Platform;
import dev.hookline.linux.LinuxAuditProvider;
import dev.hookline.scenario.Scenario;
import dev.hookline.scenario.ScenarioSuite;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux scenarios: the seeds' test procedures, the incidents of issue 7, build tampering for the scheduled
 * Sentinel rule, the benign controls, and issue 33's persistence scenarios.
 */
public final class LinuxScenarioSuite implements ScenarioSuite {
    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.current() == Platform.LINUX;
    }

    /** The scenarios need what the agent needs: root and the kernel audit (the audit collector's own check). */
    @Override
    public String unsupportedReason() {
        return new LinuxAuditProvider().unsupportedReason();
    }

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(SeedScenarios.all());
        all.addAll(IncidentScenarios.all());
        all.addAll(BuildScenarios.all());
        all.addAll(BenignScenarios.all());
        all.addAll(PersistenceScenarios.all());
        all.addAll(TamperingScenarios.all());
        return all;
    }
}
