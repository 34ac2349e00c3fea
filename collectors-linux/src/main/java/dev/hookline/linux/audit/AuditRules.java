package dev.hookline.linux.audit;

import static dev.hookline.linux.audit.AuditProtocol.*;

import dev.hookline.linux.audit.AuditSettings.Inbound;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hookline's audit rules, all tagged with the rule key so they can be told apart from anyone else's and removed
 * exactly. In auditctl terms:
 * <pre>
 * -A exit,never  -F pid=OURS -k KEY                       (prepended: the agent's own syscalls never audited)
 * -a always,exit -F arch=b64 -S execve,execveat,connect -k KEY
 * -a always,exit -F arch=b32 -S execve,execveat,connect -k KEY
 * -a always,exit -F arch=b32 -S socketcall -F a0=3 -k KEY  (32-bit libcs that connect through socketcall)
 * -a always,exit -F arch=b64 -S bind,listen[,accept,accept4] -F success=1 -k KEY   (inbound_rules: listen | all)
 * -a always,exit -F arch=b32 -S bind,listen[,accept4] -F success=1 -k KEY
 * </pre>
 * and, as the audit daemon, one record-type exclusion per record the mapper does without (exclude_record_types,
 * by default PATH; the executable comes from SYSCALL's exe=; CWD is kept for the install resolver):
 * <pre>
 * -a always,exclude -F msgtype=PATH -F pid!=OURS
 * </pre>
 * An excluded record is never formatted by the kernel (audit_log_start checks the exclude list first): each exec
 * costs the audited process a d_path per name less, and the reader two or three records of its seven less.
 * Exclude rules cannot carry a key (the kernel's exclude filter stops at a field it does not evaluate, so a keyed
 * rule would exclude nothing, and auditctl refuses one); {@code pid!=OURS} is always true there (the agent's own
 * syscalls are not audited) and marks the rule as Hookline's: {@link #isOurs} recognizes the shape.
 * One rule per architecture keeps the exit filter list short. IPv4 and IPv6 both arrive through the SOCKADDR
 * record of connect. The inbound syscalls have their own rules so that only successful calls are audited: failed
 * connects are reported (ConnectionFailed), but a failed accept (EAGAIN on a non-blocking server, in a loop) is
 * noise that would cost an audit event each. bind is audited for its address: the fallback for the listening
 * socket's LocalIP/LocalPort when the socket cannot be borrowed. Inbound calls through i386 socketcall(2) are not
 * audited: their fd is not in the record, and 32-bit libcs use the direct syscalls since Linux 4.3.
 */
public final class AuditRules {
    /** The record types the mapper can do without, by the name auditctl gives them: exclude_record_types. */
    public static final Map<String, Integer> EXCLUDABLE = excludable();

    private AuditRules() {
    }

    private static Map<String, Integer> excludable() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("CWD", AUDIT_CWD);
        m.put("PATH", AUDIT_PATH);
        // Only the fallback command line of a connect from a process the table does not know (one that exited
        // before the agent could read /proc); left in by default.
        m.put("PROCTITLE", AUDIT_PROCTITLE);
        return Collections.unmodifiableMap(m);
    }

    /** The record-type exclusion for one type (a value of {@link #EXCLUDABLE}), marked with our pid. */
    public static AuditRuleData exclusion(long ourPid, int type) {
        return AuditRuleData.builder(AUDIT_FILTER_EXCLUDE, AUDIT_ALWAYS)
                .field(AUDIT_MSGTYPE, AUDIT_EQUAL, type).field(AUDIT_PID, AUDIT_NOT_EQUAL, (int) ourPid).build();
    }

    /** The name {@link #EXCLUDABLE} gives a record type (CWD, PATH, PROCTITLE), else the number. */
    public static String recordTypeName(int type) {
        for (Map.Entry<String, Integer> e : EXCLUDABLE.entrySet()) {
            if (e.getValue() == type) {
                return e.getKey();
            }
        }
        return Integer.toString(type);
    }

    /**
     * Whether a rule (as the kernel lists it) is Hookline's: it carries our key, or it is a record-type exclusion
     * of our shape, {@code msgtype=T pid!=N} for an excludable T, whichever pid N (an earlier run's, after a
     * crash, is ours to remove too).
     */
    public static boolean isOurs(AuditRuleData r, String key) {
        if (key.equals(r.key())) {
            return true;
        }
        return r.list() == AUDIT_FILTER_EXCLUDE && r.fieldCount() == 2
                && r.fieldType(0) == AUDIT_MSGTYPE && r.fieldOp(0) == AUDIT_EQUAL
                && EXCLUDABLE.containsValue(r.fieldValue(0))
                && r.fieldType(1) == AUDIT_PID && r.fieldOp(1) == AUDIT_NOT_EQUAL;
    }

    public static List<AuditRuleData> build(long ourPid, String key, boolean inbound) {
        return build(ourPid, key, inbound ? Inbound.ALL : Inbound.OFF);
    }

    public static List<AuditRuleData> build(long ourPid, String key, Inbound inbound) {
        List<AuditRuleData> rules = new ArrayList<>();
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT | AUDIT_FILTER_PREPEND, AUDIT_NEVER)
                .allSyscalls().field(AUDIT_PID, AUDIT_EQUAL, (int) ourPid).key(key).build());
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64)
                .syscall(X64_EXECVE).syscall(X64_EXECVEAT).syscall(X64_CONNECT).key(key).build());
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_I386)
                .syscall(I386_EXECVE).syscall(I386_EXECVEAT).syscall(I386_CONNECT).key(key).build());
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_I386).syscall(I386_SOCKETCALL)
                .field(AUDIT_ARG0, AUDIT_EQUAL, SYS_CONNECT).key(key).build());
        if (inbound != Inbound.OFF) {
            AuditRuleData.Builder b64 = AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                    .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64).syscall(X64_BIND).syscall(X64_LISTEN);
            AuditRuleData.Builder b32 = AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                    .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_I386).syscall(I386_BIND).syscall(I386_LISTEN);
            if (inbound == Inbound.ALL) {
                b64.syscall(X64_ACCEPT).syscall(X64_ACCEPT4);
                b32.syscall(I386_ACCEPT4);
            }
            rules.add(b64.field(AUDIT_SUCCESS, AUDIT_EQUAL, 1).key(key).build());
            rules.add(b32.field(AUDIT_SUCCESS, AUDIT_EQUAL, 1).key(key).build());
        }
        return rules;
    }
}
