package dev.hookline.linux.audit;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the EXECVE argv rebuild: each input line is the body of one EXECVE record of the same
 * event ({@code argc=N a0="..." a1_len=L a1[0]=...}). The contract: {@link ExecveArgs#rebuild} never throws;
 * whatever is inconsistent is named in {@link ExecveArgs#problems()}, argv stays within the argument cap, and a
 * rebuild with no problem has exactly argc arguments.
 */
class ExecveRebuildSurvivesAnyFieldsFuzzTest {

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"argc=", " a0=", " a1=", " a2=", " a1_len=", " a1[0]=", " a1[1]=", " a1[2]=", "\\\"", "(null)",
            "2F62696E2F6C73", "_len=", "[0]=", "[1]="})
    void anyExecveRecordsRebuildOrNameTheirProblem(byte[] data) {
        List<AuditRecord> records = new ArrayList<>();
        String all = new String(data, StandardCharsets.ISO_8859_1);
        for (String body : all.split("\n", 64)) {
            records.add(new AuditRecord(AuditProtocol.AUDIT_EXECVE, 0, 1, body));
        }
        ExecveArgs a = ExecveArgs.rebuild(records);
        if (a.argv().size() > ExecveArgs.MAX_ARGS) {
            throw new AssertionError("argv past the cap: " + a.argv().size());
        }
        if (a.complete() && a.argv().size() != a.argc()) {
            throw new AssertionError("complete but argc=" + a.argc() + " and " + a.argv().size() + " arguments");
        }
    }
}
