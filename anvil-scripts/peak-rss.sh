#!/usr/bin/env bash
# Run a command and record its peak memory and wall time:
#
#   anvil-scripts/peak-rss.sh OUTFILE -- CMD [ARGS...]
#
# What it is for: the bounded-execution issue requires each hostile case (a call that never
# ends, memory that grows without end, ~1,024 frames deep, a 1 MB revert or hash, a failed
# transaction that loops, a node whose trace is huge, absurd or malformed) to be checked
# "within 10 s on 2 cores, peak RSS under 256 MiB, checked by a script in anvil-scripts/
# with the process's peak RSS, run by CI". This is that script: tests/bounds.rs (run by
# anvil-scripts/test.sh, which CI runs) runs every rpccheck through it and asserts on what
# it writes.
#
# CMD's stdin, stdout and stderr are CMD's own, and its exit code is this script's. OUTFILE
# gets one line:
#
#   maxrss_kib=N wall_s=F
#
# N: the peak resident set size of CMD in KiB (ru_maxrss: the largest of CMD and any child
# it waited for), F: wall time in seconds. Measured with GNU time (/usr/bin/time -f %M %e);
# where that is missing, with python3 (resource.getrusage(RUSAGE_CHILDREN); that also counts
# the few MiB CMD had as a fork of python3 before its exec, so it errs on the high side).
#
# A runaway never hangs or sinks CI:
#   - time: CMD is sent SIGTERM after PEAK_RSS_TIMEOUT seconds (default 60), SIGKILL 5 s
#     later; the exit code is then 124 (timeout's), or 137 when SIGKILL was needed;
#   - memory: CMD is sent SIGKILL as soon as its own resident set exceeds PEAK_RSS_KILL_MIB
#     MiB (default 1024; 0 turns this off; polled every 0.1 s, so N may be a little above
#     the cap); the exit code is then 137.
# Either way one "peak-rss.sh: ..." line goes to stderr and OUTFILE is still written.
# Exit 2 (nothing run) on a usage error; 127 when CMD cannot be found.
set -uo pipefail

usage() {
    echo "usage: $0 OUTFILE -- CMD [ARGS...]   (env: PEAK_RSS_TIMEOUT=SECS, default 60; PEAK_RSS_KILL_MIB=MIB, default 1024)" >&2
    exit 2
}
[[ $# -ge 3 && "$2" == "--" && -n "$1" ]] || usage
OUT="$1"
shift 2
LIMIT="${PEAK_RSS_TIMEOUT:-60}"
CAP_MIB="${PEAK_RSS_KILL_MIB:-1024}"
[[ "$LIMIT" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "peak-rss.sh: PEAK_RSS_TIMEOUT='$LIMIT' is not a number of seconds" >&2; exit 2; }
[[ "$CAP_MIB" =~ ^[0-9]+$ ]] || { echo "peak-rss.sh: PEAK_RSS_KILL_MIB='$CAP_MIB' is not a whole number of MiB" >&2; exit 2; }
CAP_KIB=$((CAP_MIB * 1024))
: >"$OUT" || exit 2
capped="$(mktemp)"
raw="$(mktemp)"
trap 'rm -f "$raw" "$capped"' EXIT

# rss_kib PID: VmRSS of PID in KiB (empty once it is gone). No external command: it runs 10
# times a second beside the command being measured.
rss_kib() {
    local k v _
    while read -r k v _; do
        if [[ "$k" == VmRSS: ]]; then
            printf '%s\n' "$v"
            return
        fi
    done <"/proc/$1/status" 2>/dev/null
}

# child_of PID: PID's first child (empty if none yet).
child_of() {
    local c _
    read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null || true
    printf '%s\n' "${c:-}"
}

GNU_TIME=/usr/bin/time
if [[ -x "$GNU_TIME" ]] && "$GNU_TIME" -f '%M' -o /dev/null true 2>/dev/null; then
    # -q: no "Command exited with non-zero status" line; -o: GNU time's report goes to a
    # file, never into CMD's stderr. `timeout` runs CMD in its own process group and kills
    # that group. In the background (to watch CMD's memory), with the real stdin given back
    # explicitly (a background job's stdin would otherwise be /dev/null).
    exec 3<&0
    "$GNU_TIME" -q -f 'maxrss_kib=%M wall_s=%e' -o "$raw" \
        timeout -k 5 "$LIMIT" "$@" <&3 3<&- &
    tpid=$!
    exec 3<&-
    trap 'kill -TERM "$tpid" 2>/dev/null; [[ -n "${cmd_pid:-}" ]] && kill -KILL "$cmd_pid" 2>/dev/null' INT TERM
    cmd_pid=""
    if ((CAP_KIB > 0)); then
        # GNU time -> timeout -> CMD. Only CMD is killed at the cap, so that timeout and GNU
        # time still wait for it and count its memory.
        while kill -0 "$tpid" 2>/dev/null; do
            if [[ -z "$cmd_pid" ]]; then
                to_pid="$(child_of "$tpid")"
                [[ -n "$to_pid" ]] && cmd_pid="$(child_of "$to_pid")"
            fi
            if [[ -n "$cmd_pid" ]]; then
                rss="$(rss_kib "$cmd_pid")"
                if [[ -n "$rss" ]] && ((rss > CAP_KIB)); then
                    echo "$rss" >"$capped"
                    kill -KILL "$cmd_pid" 2>/dev/null
                    break
                fi
            fi
            sleep 0.1
        done
    fi
    wait "$tpid"
    code=$?
    line="$(grep -E '^maxrss_kib=[0-9]+ wall_s=[0-9.]+$' "$raw" | tail -n 1)"
    if [[ -z "$line" ]]; then
        echo "peak-rss.sh: GNU time wrote no measurement: $(head -c 300 "$raw")" >&2
        [[ $code -ne 0 ]] || code=1
    else
        printf '%s\n' "$line" >"$OUT"
    fi
else
    # -c, not a heredoc on stdin: CMD reads the real stdin.
    read -r -d '' measure <<'PY'
import os, resource, signal, subprocess, sys, time

out, limit, cap_kib, capped, cmd = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]

def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

start = time.monotonic()
try:
    # Its own process group, so a timeout kills CMD and whatever it started.
    child = subprocess.Popen(cmd, start_new_session=True)
except FileNotFoundError:
    print(f"peak-rss.sh: {cmd[0]}: command not found", file=sys.stderr)
    sys.exit(127)
code = None
while code is None:
    try:
        code = child.wait(timeout=0.1)
    except subprocess.TimeoutExpired:
        if cap_kib > 0 and rss_kib(child.pid) > cap_kib:
            with open(capped, "w") as f:
                f.write(f"{rss_kib(child.pid)}\n")
            child.kill()
            code = child.wait()
        elif time.monotonic() - start > limit:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=5)
                code = 124
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                code = 128 + signal.SIGKILL
wall = time.monotonic() - start
if code < 0:
    code = 128 - code
# ru_maxrss is in KiB on Linux.
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as f:
    f.write(f"maxrss_kib={rss} wall_s={wall:.2f}\n")
sys.exit(code)
PY
    python3 -c "$measure" "$OUT" "$LIMIT" "$CAP_KIB" "$capped" "$@"
    code=$?
fi
if [[ -s "$capped" ]]; then
    echo "peak-rss.sh: $1 went over ${CAP_MIB} MiB resident ($(cat "$capped") KiB; PEAK_RSS_KILL_MIB); killed it (exit $code)" >&2
elif [[ $code -eq 124 ]]; then
    echo "peak-rss.sh: $1 did not end within ${LIMIT}s (PEAK_RSS_TIMEOUT); killed it (exit 124)" >&2
elif [[ $code -eq 137 ]]; then
    echo "peak-rss.sh: $1 was killed (SIGKILL: still running ${LIMIT}s + 5 s after it was started, or the kernel's OOM killer; exit 137)" >&2
fi
exit "$code"
