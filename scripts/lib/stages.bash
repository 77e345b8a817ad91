# Stage times for the project's scripts: sourced, never run.
#
#   stage NAME COMMAND...   runs COMMAND and records its wall time under NAME
#
# The outermost script that sources this file owns the record: it creates it,
# exports its path in MOCKBN_STAGE_TIMES so that the scripts it calls add to
# the same record, and prints the table when it exits, whether it passed or
# failed. A stage that failed is marked so in the table.
if [ -z "${MOCKBN_STAGE_TIMES:-}" ]; then
  MOCKBN_STAGE_TIMES=$(mktemp)
  export MOCKBN_STAGE_TIMES
  stages_print() {
    local status=$?
    if [ -s "$MOCKBN_STAGE_TIMES" ]; then
      awk -F'\t' '
        BEGIN { printf "\n%-28s %10s\n", "stage", "wall (s)" }
        { printf "%-28s %10.1f%s\n", $1, $2, ($3 == 0 ? "" : "   failed (exit " $3 ")"); total += $2 }
        END { printf "%-28s %10.1f\n", "total", total }' "$MOCKBN_STAGE_TIMES"
    fi
    rm -f "$MOCKBN_STAGE_TIMES"
    return "$status"
  }
  trap stages_print EXIT
fi

# COMMAND runs in a subshell with errexit on (a function's failing command
# stops it, as in the script itself, unless stage itself is called in a condition,
# where bash ignores errexit); what it sets does not reach the caller.
stage() {
  local name=$1 start status
  shift
  start=$(date +%s.%N)
  set +e
  (
    set -e
    "$@"
  )
  status=$?
  set -e
  printf '%s\t%s\t%s\n' "$name" "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')" "$status" \
    >> "$MOCKBN_STAGE_TIMES"
  return "$status"
}
