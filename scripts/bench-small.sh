#!/usr/bin/env bash
# Runs every bench in bench/ at `--size small` (a few seconds each), so that none rots: each must still set up its
# data, run, print its figures and exit 0. A bench exits non-zero when it crashes, when its own checks of correctness
# fail (e.g. the domain and the SQL disagree, an import loses rows, a bomb is not refused), or when it no longer
# understands `--size small`. Speed targets are printed, never enforced: figures at this size say nothing.
#   bash scripts/bench-small.sh [NAME…]     (NAME: e.g. timeliness-report; default every bench)
# DATABASE_URL names the PostgreSQL server (default the local one); each bench creates and drops its own database.
# A new file in bench/ is run too, unless it is a helper listed below.
set -uo pipefail
cd "$(dirname "$0")/.."

helpers=(lib.ts ranking-server.ts) # imported or started by the benches, not run on their own
limit="${BENCH_TIMEOUT_SECONDS:-300}" # per bench: a hang fails instead of holding CI

benches=()
if [ $# -gt 0 ]; then
  for name in "$@"; do benches+=("bench/${name%.ts}.ts"); done
else
  for file in bench/*.ts; do
    [[ " ${helpers[*]} " == *" $(basename "$file") "* ]] || benches+=("$file")
  done
fi

results=()
failed=0
all_started=$(date +%s%N)
for file in "${benches[@]}"; do
  printf '\n--- npx tsx %s --size small\n' "$file"
  started=$(date +%s%N)
  if [ ! -f "$file" ]; then
    echo "no such bench: $file"
    rc=127
  else
    timeout --kill-after=10 "$limit" npx tsx "$file" --size small
    rc=$?
    [ $rc -eq 124 ] && echo "timed out after $limit s"
  fi
  seconds=$(awk -v ns="$(($(date +%s%N) - started))" 'BEGIN { printf "%.1f", ns / 1e9 }')
  results+=("$(printf '%-26s exit %-3s %6s s' "$(basename "$file")" "$rc" "$seconds")")
  [ $rc -eq 0 ] || failed=$((failed + 1))
done

printf '\nbenches at --size small:\n'
printf '  %s\n' "${results[@]}"
printf '  all: %s s, %d failed\n' "$(awk -v ns="$(($(date +%s%N) - all_started))" 'BEGIN { printf "%.1f", ns / 1e9 }')" "$failed"
[ $failed -eq 0 ]
