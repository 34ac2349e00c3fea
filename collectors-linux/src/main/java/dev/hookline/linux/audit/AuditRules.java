package dev.hookline.linux.audit;

import static dev.hookline.linux.audit.AuditProtocol.*;

import dev.hookline.linux.audit.AuditSettings.Inbound;
import java.util.ArrayList;
import java.util.List;

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
 * One rule per architecture keeps the exit filter list short. IPv4 and IPv6 both arrive through the SOCKADDR
 * record of connect. The inbound syscalls have their own rules so that only successful calls are audited: failed
 * connects are reported (ConnectionFailed), but a failed accept (EAGAIN on a non-blocking server, in a loop) is
 * noise that would cost an audit event each. bind is audited for its address: the fallback for the listening
 * socket's LocalIP/LocalPort when the socket cannot be borrowed. Inbound calls through i386 socketcall(2) are not
 * audited: their fd is not in the record, and 32-bit libcs use the direct syscalls since Linux 4.3.
 */
public final class AuditRules {
    private AuditRules() {
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
