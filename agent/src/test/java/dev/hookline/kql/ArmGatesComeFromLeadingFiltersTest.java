package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.kql.ArmGate.Match;
import dev.hookline.kql.ArmGate.Probe;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.expr.Terms;
import dev.hookline.schema.Columns;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which filters prove a gate (a column value or term set every passing row has), and which must not. */
class ArmGatesComeFromLeadingFiltersTest {
    private static ArmGate gate(String query) {
        return Kql.compile(query).streaming().arms().get(0).gate();
    }

    @Test
    void inTildeGatesItsColumnWithFoldedKeys() {
        ArmGate g = gate("DeviceProcessEvents | where Timestamp > ago(1d) | where FileName in~ ('Curl', 'wget')");
        assertEquals(ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("curl", "wget")), g);
    }

    @Test
    void caseSensitiveInAndEqualsTildeAndOrChainsOfOneColumnGateToo() {
        assertEquals(ArmGate.equality(Columns.ACTION_TYPE.id(), false, Set.of("FileCreated")),
                gate("DeviceFileEvents | where ActionType in ('FileCreated')"));
        assertEquals(ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("sh")),
                gate("DeviceProcessEvents | where FileName =~ 'SH'"));
        assertEquals(ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("sh", "bash")),
                gate("DeviceProcessEvents | where FileName =~ 'sh' or FileName =~ 'bash'"));
    }

    @Test
    void aConjunctionGivesItsNarrowestGate() {
        assertEquals(ArmGate.equality(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("dpkg")),
                gate("DeviceProcessEvents | where FileName in~ ('a', 'b', 'c') and InitiatingProcessFileName =~ 'dpkg'"));
        assertEquals(ArmGate.equality(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("dpkg")),
                gate("DeviceProcessEvents | where FileName in~ ('a', 'b') | where InitiatingProcessFileName =~ 'dpkg'"));
        // an equality key lets through less than a term key
        assertEquals(ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("a", "b", "c")),
                gate("DeviceProcessEvents | where ProcessCommandLine has 'mkfifo' and FileName in~ ('a', 'b', 'c')"));
    }

    @Test
    void everyGatedLeadingFilterGivesAGateOfItsOwnUntilTheFirstComputedColumn() {
        List<ArmGate> gates = Kql.compile("DeviceProcessEvents | where Timestamp > ago(1d)"
                + " | where InitiatingProcessFileName in~ ('npm', 'node')"
                + " | where FileName =~ 'sh' or ProcessCommandLine has '/dev/tcp'"
                + " | extend FileName = 'x' | where FileName =~ 'x'").streaming().arms().get(0).gates();
        assertEquals(List.of(ArmGate.equality(Columns.INITIATING_PROCESS_FILE_NAME.id(), true, Set.of("npm", "node")),
                ArmGate.either(ArmGate.equality(Columns.FILE_NAME.id(), true, Set.of("sh")),
                        ArmGate.terms(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("tcp")))), gates);
        // the arm's single gate is still the narrowest of them
        assertEquals(gates.get(0), gate("DeviceProcessEvents | where InitiatingProcessFileName in~ ('npm', 'node')"
                + " | where FileName =~ 'sh' or ProcessCommandLine has '/dev/tcp'"));
        assertEquals(List.of(), Kql.compile("DeviceProcessEvents | where ProcessId > 0").streaming().arms().get(0).gates());
    }

    @Test
    void hasAnyGatesOnOneKeyTermPerNeedle() {
        assertEquals(ArmGate.terms(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("tcp", "bash", "nc", "iex")),
                gate("DeviceProcessEvents | where ProcessCommandLine has_any ('/dev/tcp/', 'bash -i', 'nc -e', 'IEX(')"));
        assertEquals(ArmGate.terms(Columns.FILE_NAME.id(), true, Set.of("curl")),
                gate("DeviceProcessEvents | where FileName has 'Curl.exe'"));
        assertEquals(ArmGate.terms(Columns.FILE_NAME.id(), false, Set.of("Curl")),
                gate("DeviceProcessEvents | where FileName has_cs 'Curl'"));
        // has_all: every needle must be there, so one term of one needle is enough
        assertEquals(ArmGate.terms(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("chmod")),
                gate("DeviceProcessEvents | where ProcessCommandLine has_all ('curl', 'chmod +x')"));
        // an empty needle matches nothing and so adds no key
        assertEquals(ArmGate.terms(Columns.FILE_NAME.id(), true, Set.of("xmrig")),
                gate("DeviceProcessEvents | where FileName has_any ('', 'xmrig')"));
    }

    @Test
    void anOrOfGatedTermsGatesOnTheUnionOfTheirProbes() {
        ArmGate g = gate("DeviceProcessEvents | where ProcessCommandLine has_any ('mkfifo', '0>&1')"
                + " or (FileName has_any ('python', 'perl') and ProcessCommandLine has ' -c ')");
        assertEquals(new ArmGate(List.of(
                new Probe(Columns.PROCESS_COMMAND_LINE.id(), true, Match.TERM, Set.of("mkfifo", "0")),
                new Probe(Columns.FILE_NAME.id(), true, Match.TERM, Set.of("python", "perl")))), g);
    }

    @Test
    void endsWithASlashAndANameGatesOnThePathsLastSegment() {
        // Sigma's Image|endswith: '/curl': the key is "curl" (folded), probed on FolderPath itself, not FileName
        assertEquals(ArmGate.names(Columns.FOLDER_PATH.id(), true, Set.of("curl")),
                gate("DeviceProcessEvents | where FolderPath endswith '/Curl'"));
        assertEquals(ArmGate.names(Columns.FOLDER_PATH.id(), true, Set.of("vi", "vim", "bash")),
                gate("DeviceProcessEvents | where FolderPath endswith '/vi' or FolderPath endswith '/vim'"
                        + " or FolderPath endswith '/usr/bin/bash'"));
        assertEquals(ArmGate.names(Columns.INITIATING_PROCESS_FOLDER_PATH.id(), false, Set.of("Node")),
                gate("DeviceProcessEvents | where InitiatingProcessFolderPath endswith_cs '/Node'"));
        // a needle with nothing after its slash keys on the empty last segment (a path ending in '/')
        assertEquals(ArmGate.names(Columns.FOLDER_PATH.id(), true, Set.of("")),
                gate("DeviceFileEvents | where FolderPath endswith '/'"));
    }

    @Test
    void containsStartsWithAndEndsWithWithoutASlashGateOnTheNeedlesContained() {
        assertEquals(ArmGate.containing(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("http_proxy=", "https_proxy=")),
                gate("DeviceProcessEvents | where ProcessCommandLine contains 'HTTP_proxy=' or ProcessCommandLine contains 'https_proxy='"));
        assertEquals(ArmGate.containing(Columns.FOLDER_PATH.id(), true, Set.of("/tmp/")),
                gate("DeviceProcessEvents | where FolderPath startswith '/tmp/'"));
        // one needle without a slash: a path ending with "crontab" need not have it as its last segment
        assertEquals(ArmGate.containing(Columns.FOLDER_PATH.id(), true, Set.of("awk", "/cat")),
                gate("DeviceProcessEvents | where FolderPath endswith 'awk' or FolderPath endswith '/cat'"));
        assertEquals(ArmGate.containing(Columns.PROCESS_COMMAND_LINE.id(), false, Set.of("IyEvYmluL2Jhc2")),
                gate("DeviceProcessEvents | where ProcessCommandLine contains_cs 'IyEvYmluL2Jhc2'"));
        // a regex opening with literals: case-sensitive, as the regex compares
        assertEquals(ArmGate.containing(Columns.PROCESS_COMMAND_LINE.id(), false, Set.of("-W", "-R")),
                gate("DeviceProcessEvents | where ProcessCommandLine matches regex @'-(W|R)\\s?[0-9a-fA-F]{2}'"));
        // of an and, the narrower: a file name before a contained needle
        assertEquals(ArmGate.names(Columns.FOLDER_PATH.id(), true, Set.of("crontab")),
                gate("DeviceProcessEvents | where FolderPath endswith '/crontab' and ProcessCommandLine contains ' -r'"));
    }

    @Test
    void anAndInsideOneWhereGivesEachConjunctsGateAsItsOwnRequirement() {
        // SigmaHQ's python reverse shell: a python binary and, separately, "import pty" in the command line
        List<ArmGate> gates = Kql.compile("DeviceProcessEvents | where (FolderPath endswith '/python3'"
                + " or FolderPath contains '/python3.') and ProcessCommandLine contains 'import pty'"
                + " and not(ProcessCommandLine contains 'x')").streaming().arms().get(0).gates();
        assertEquals(List.of(
                ArmGate.either(ArmGate.names(Columns.FOLDER_PATH.id(), true, Set.of("python3")),
                        ArmGate.containing(Columns.FOLDER_PATH.id(), true, Set.of("/python3."))),
                ArmGate.containing(Columns.PROCESS_COMMAND_LINE.id(), true, Set.of("import pty"))), gates);
    }

    @Test
    void keyTermIsTheLongestUncommonRunOfLettersAndDigits() {
        assertEquals("tcp", Terms.keyTerm("/dev/tcp/"));
        assertEquals("rig", Terms.keyTerm("--rig-id"));
        assertEquals("stratum", Terms.keyTerm("stratum+tcp"));
        assertEquals("0", Terms.keyTerm("0>&1"));
        assertEquals("usr", Terms.keyTerm("/usr/bin/"));
        assertNull(Terms.keyTerm("&&"));
        assertNull(Terms.keyTerm(""));
    }

    @Test
    void negationsOtherOperatorsMixedOrsRowValuesAndFiltersAfterAComputedColumnGiveNone() {
        assertNull(gate("DeviceProcessEvents | where FileName !in~ ('sh')"));
        assertNull(gate("DeviceProcessEvents | where FileName !~ 'sh'"));
        assertNull(gate("DeviceProcessEvents | where FileName !has 'sh'"));
        assertNull(gate("DeviceProcessEvents | where FileName !contains 'sh'"));
        assertNull(gate("DeviceProcessEvents | where FileName contains ''"));
        assertNull(gate("DeviceProcessEvents | where FileName endswith ''"));
        assertNull(gate("DeviceProcessEvents | where FileName hasprefix 'sh'"));
        assertNull(gate("DeviceProcessEvents | where ProcessCommandLine has_any ('bash -i', '|')"));
        assertNull(gate("DeviceProcessEvents | where FileName =~ 'sh' or ProcessCommandLine matches regex '[xy]'"));
        assertNull(gate("DeviceProcessEvents | where FileName in~ ('sh', InitiatingProcessFileName)"));
        assertNull(gate("DeviceProcessEvents | where ProcessCommandLine has_any ('sh', InitiatingProcessFileName)"));
        assertNull(gate("DeviceProcessEvents | where tolower(FileName) in ('sh')"));
        assertNull(gate("DeviceProcessEvents | where tolower(FileName) has 'sh'"));
        assertNull(gate("DeviceProcessEvents | extend FileName = strcat(FileName, 'x') | where FileName in~ ('shx')"));
    }
}
