package dev.hookline.linux.audit;

import static dev.hookline.linux.audit.AuditProtocol.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Hookline's audit rules, all tagged with the rule key so they can be told apart from anyone else's and removed
 * exactly. In auditctl terms:
 * <pre>
 * -A exit,never  -F pid=OURS -k KEY                       (prepended: the agent's own syscalls never audited)
 * -a always,exit -F arch=b64 -S execve,execveat,connect[,bind,listen,accept,accept4] -k KEY
 * -a always,exit -F arch=b32 -S execve,execveat,connect[,bind,listen,accept4] -k KEY
 * -a always,exit -F arch=b32 -S socketcall -F a0=3 -k KEY  (32-bit libcs that connect through socketcall)
 * </pre>
 * One rule per architecture keeps the exit filter list short. IPv4 and IPv6 both arrive through the SOCKADDR
 * record of connect. The inbound syscalls are off by default: accept on a busy server is frequent and they are not
 * mapped to events yet.
 */
public final class AuditRules {
    private AuditRules() {
    }

    public static List<AuditRuleData> build(long ourPid, String key, boolean inbound) {
        List<AuditRuleData> rules = new ArrayList<>();
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT | AUDIT_FILTER_PREPEND, AUDIT_NEVER)
                .allSyscalls().field(AUDIT_PID, AUDIT_EQUAL, (int) ourPid).key(key).build());
        AuditRuleData.Builder b64 = AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_X86_64)
                .syscall(X64_EXECVE).syscall(X64_EXECVEAT).syscall(X64_CONNECT);
        AuditRuleData.Builder b32 = AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_I386)
                .syscall(I386_EXECVE).syscall(I386_EXECVEAT).syscall(I386_CONNECT);
        if (inbound) {
            b64.syscall(X64_BIND).syscall(X64_LISTEN).syscall(X64_ACCEPT).syscall(X64_ACCEPT4);
            b32.syscall(I386_BIND).syscall(I386_LISTEN).syscall(I386_ACCEPT4);
        }
        rules.add(b64.key(key).build());
        rules.add(b32.key(key).build());
        rules.add(AuditRuleData.builder(AUDIT_FILTER_EXIT, AUDIT_ALWAYS)
                .field(AUDIT_ARCH, AUDIT_EQUAL, AUDIT_ARCH_I386).syscall(I386_SOCKETCALL)
                .field(AUDIT_ARG0, AUDIT_EQUAL, SYS_CONNECT).key(key).build());
        return rules;
    }
}
