#!/usr/bin/env bash
# The platform's webhook, checkout and order tests under seeded delivery chaos, on Postgres
# (where deliveries really run concurrently), once per seed. Any failure names its seed;
# replay it with:  SANDBOX_DELIVERY=chaos SANDBOX_CHAOS_SEED=<seed> DATABASE_URL=… npx vitest run <files>
#   npm run test:chaos                   seeds 1..20
#   npm run test:chaos -- --from 7 --runs 3
# Uses DATABASE_URL when set, else a throwaway cluster from .ci/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
from=1
runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option: $1 (use --from N --runs N)" >&2; exit 2 ;;
  esac
done
[[ "$from" =~ ^[0-9]+$ && "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--from and --runs take whole numbers" >&2; exit 2; }

if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(.ci/postgres.sh start)
  trap '.ci/postgres.sh stop' EXIT
fi
export DATABASE_URL SANDBOX_DELIVERY=chaos

suite=(lib/webhooks lib/checkout lib/orders)
for ((seed = from; seed < from + runs; seed++)); do
  started=$SECONDS
  if ! SANDBOX_CHAOS_SEED=$seed npx vitest run "${suite[@]}" > "/tmp/storehost-chaos-$seed.log" 2>&1; then
    tail -n 60 "/tmp/storehost-chaos-$seed.log"
    echo "chaos seed $seed FAILED (log: /tmp/storehost-chaos-$seed.log)" >&2
    exit 1
  fi
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "/tmp/storehost-chaos-$seed.log" | grep -E "^ +Tests " | tr -s ' ')
  echo "chaos seed $seed passed in $((SECONDS - started))s:$summary"
done
echo "all $runs chaos seeds passed (${from}..$((from + runs - 1)))"
