#!/usr/bin/env bash
# kill_launcher.sh PATTERN FOLDER COMMAND...
# Runs COMMAND (mpirun and its arguments) in a session of its own and reads
# its standard error line by line; at the first line matching the extended
# regular expression PATTERN it sends COMMAND, and only it, SIGKILL. Then it
# waits until no process holds the lock of the sweep folder FOLDER: rank 0,
# left without its launcher, has ended. Exits 0 if the kill landed, 1 if
# COMMAND ended first. It waits on events (a line, a lock), never on a timer.
set -u
pattern=$1
folder=$2
shift 2
coproc launcher { exec setsid "$@" 2>&1 >/dev/null; }
pid=$launcher_PID
while IFS= read -r line <&"${launcher[0]}"; do
  if [[ $line =~ $pattern ]]; then
    kill -KILL "$pid"
    echo "SIGKILL to the launcher (pid $pid) at: $line"
    wait "$pid" 2>/dev/null
    exec flock "$folder/.mockbn.lock" true
  fi
done
echo "the launcher ended before a line matched '$pattern'"
exit 1
