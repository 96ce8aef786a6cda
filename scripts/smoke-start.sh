#!/usr/bin/env bash
# The README's first command on this clone: `npm start` must bring up the gateway with demo
# data. Starts it on a temporary data folder, asks the gateway for demo subject 0 and for the
# playground page, stops it. Prints "1 passed, 0 failed" or "0 passed, 1 failed".
set -uo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
log=$(mktemp)
# Its own process group, so that stopping it stops npm, the shell and node together.
DATA_DIR="$data" setsid npm start >"$log" 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 120); do
  if grep -q '^Playground:' "$log"; then ok=1; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
result=fail
if [ "$ok" = 1 ]; then
  answer=$(curl -s localhost:4000/graphql -H 'content-type: application/json' \
    -d '{"query":"{ subject(id: \"37b0a34e-4689-88ec-9c70-7775a5e166a3\") { fullName invoices { number } supportTickets { type } connectionLogs { ip } } }"}')
  page=$(curl -s localhost:4000/)
  if echo "$answer" | grep -q '"fullName":"Élodie Dupré-Noël"' && echo "$answer" | grep -q '"invoices":\[{' \
     && ! echo "$answer" | grep -q '"errors"' && echo "$page" | grep -q 'SubjectExport'; then
    result=pass
  else
    echo "unexpected answer: $answer"
  fi
fi
kill -TERM -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [ "$result" = pass ]; then
  echo "npm start: gateway and subgraphs up with demo data, export answered, playground served"
  echo "1 passed, 0 failed"
else
  echo "npm start did not come up as the README says; its output:"; cat "$log"
  echo "0 passed, 1 failed"
fi
rm -rf "$data" "$log"
[ "$result" = pass ]
