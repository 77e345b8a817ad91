#!/usr/bin/env bash
# signal_launcher.sh [--at N] SIGNAL PATTERN FOLDER COMMAND...
# Runs COMMAND (mpirun and its arguments, or env and them) in a session of its own and reads
# its standard error line by line; at the first line matching the extended
# regular expression PATTERN (the N-th with --at N) it sends COMMAND, and only
# it, SIGNAL (KILL, USR1, ...). It prints the lines that follow, waits for COMMAND, prints
# "launcher status N", then waits until no process holds the lock of the
# sweep folder FOLDER (rank 0 has ended). Exits 0 if the signal was sent, 1
# if COMMAND ended first. It waits on events (a line, an exit, a lock),
# never on a timer.
set -u
at=1
if [ "$1" = "--at" ]; then
  at=$2
  shift 2
fi
signal=$1
pattern=$2
folder=$3
shift 3
coproc launcher { exec setsid "$@" 2>&1 >/dev/null; }
pid=$launcher_PID
output=${launcher[0]}
while IFS= read -r line <&"$output"; do
  if [[ $line =~ $pattern ]] && ((--at == 0)); then
    kill -"$signal" "$pid"
    echo "SIG$signal to the launcher (pid $pid) at: $line"
    while IFS= read -r line <&"$output"; do echo "$line"; done
    wait "$pid"
    echo "launcher status $?"
    exec flock "$folder/.mockbn.lock" true
  fi
done
echo "the launcher ended before a line matched '$pattern'"
exit 1
