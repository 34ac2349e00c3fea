package dev.hookline.macos.es;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.collector.HostIdentity;
import dev.hookline.process.Account;
import dev.hookline.process.ProcessTable;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the eslogger path without eslogger: each input line goes through
 * {@link EsloggerParser#parse} (JSON, Endpoint Security message layout) and, when it is a message, through
 * {@link EsEventMapper#accept} into rows. The contract: a line that is not a message is null (counted), a message
 * with odd or missing fields maps to rows or is skipped; neither throws.
 */
class EsloggerLinesSurviveAnyBytesFuzzTest {

    @FuzzTest
    // Dictionary tokens are in libFuzzer's dictionary syntax: \" for a quote, \xNN for other bytes.
    @DictionaryEntries({"{\\\"event_type\\\":", "\\\"event\\\":{", "\\\"exec\\\":{", "\\\"fork\\\":{", "\\\"exit\\\":{",
            "\\\"create\\\":{", "\\\"rename\\\":{", "\\\"unlink\\\":{", "\\\"write\\\":{", "\\\"close\\\":{",
            "\\\"process\\\":{", "\\\"audit_token\\\":{", "\\\"pid\\\":", "\\\"ppid\\\":", "\\\"euid\\\":",
            "\\\"executable\\\":{", "\\\"path\\\":", "\\\"args\\\":[", "\\\"target\\\":",
            "\\\"time\\\":\\\"2026-01-02T03:04:05.123456789Z\\\"", "\\\"mach_time\\\":", "\\\"seq_num\\\":",
            "\\\"global_seq_num\\\":", "\\\"destination_type\\\":", "\\\"destination\\\":{", "\\\"existing_file\\\":",
            "\\\"new_path\\\":{", "\\\"dir\\\":", "\\\"filename\\\":", "\\\"modified\\\":true", "\\\"version\\\":",
            "\\\"start_time\\\":", "\\\"signing_id\\\":", "\\\"team_id\\\":", "\\\"cdhash\\\":",
            "\\\"is_platform_binary\\\":", "\\\"original_ppid\\\":", "\\\"group_id\\\":", "\\\"session_id\\\":",
            "\\\"pidversion\\\":", "\\\"ruid\\\":", "\\\"child\\\":", "\\\"source\\\":", "\\\"stat\\\":",
            "\\\"script\\\":", "\\\"cwd\\\":", "\\\"path_truncated\\\":"})
    void anyLinesParseAndMapOrAreSkipped(byte[] data) {
        EsloggerParser parser = new EsloggerParser();
        EsEventMapper mapper = new EsEventMapper(e -> true, new ProcessTable(60_000_000_000L),
                new HostIdentity("mac-1", "dev-1"), uid -> new Account("u", "mac-1", Long.toString(uid)), null,
                pid -> pid == 1, 2_000_000_000L, 60_000_000_000L);
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n", 32)) {
            EsMessage m = parser.parse(line);
            if (m != null) {
                mapper.accept(m);
            }
        }
    }
}
