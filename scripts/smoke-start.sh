#!/usr/bin/env bash
# The README's commands on this clone: `npm run seed -- --subjects 30` fills a temporary data
# folder, then `npm start` must bring up the gateway on it, keeping those 30 subjects (it seeds
# only empty databases). With the dpo token npm start prints, asks the gateway for subjects 0,
# 29 and 30 (which must not exist); checks that no token gets UNAUTHENTICATED and that a token
# from `npm run token -- --role support` is refused billing; fetches the playground page (which
# must carry the dpo token), previews an erasure (dry run, four receipts), then stops it. Prints "1 passed, 0 failed" or "0 passed, 1 failed".
set -uo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
log=$(mktemp)
DATA_DIR="$data" npm run seed -- --subjects 30 >"$log" 2>&1 || { echo "npm run seed failed:"; cat "$log"; echo "0 passed, 1 failed"; exit 1; }
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
  dpo=$(awk '$1 == "dpo" { print $2 }' "$log")
  support=$(DATA_DIR="$data" npm run -s token -- --role support --sub smoke-support)
  anonymous=$(curl -s localhost:4000/graphql -H 'content-type: application/json' -d '{"query":"{ subjects(ids: []) { id } }"}')
  refused=$(curl -s localhost:4000/graphql -H 'content-type: application/json' -H "authorization: Bearer $support" \
    -d '{"query":"{ subject(id: \"37b0a34e-4689-88ec-9c70-7775a5e166a3\") { fullName invoices { number } } }"}')
  answer=$(curl -s localhost:4000/graphql -H 'content-type: application/json' -H "authorization: Bearer $dpo" \
    -d '{"query":"{ subject(id: \"37b0a34e-4689-88ec-9c70-7775a5e166a3\") { fullName invoices { number } supportTickets { type } connectionLogs { ip } } subjects(ids: [\"d2159b87-3a10-88e6-a8a2-a997366c61a4\", \"92c0b906-6c2f-8c90-91f1-2041f2a6ab2f\"]) { id } }"}')
  preview=$(curl -s localhost:4000/graphql -H 'content-type: application/json' -H "authorization: Bearer $dpo" \
    -d '{"query":"mutation { eraseSubject(input: { subjectId: \"37b0a34e-4689-88ec-9c70-7775a5e166a3\", dryRun: true }) { status dryRun legs { subgraph status } } }"}')
  page=$(curl -s localhost:4000/)
  if echo "$answer" | grep -q '"fullName":"Élodie Dupré-Noël"' && echo "$answer" | grep -q '"invoices":\[{' \
     && echo "$answer" | grep -q '"subjects":\[{"id":"d2159b87-3a10-88e6-a8a2-a997366c61a4"},null\]' \
     && ! echo "$answer" | grep -q '"errors"' && echo "$page" | grep -q 'SubjectExport' && echo "$page" | grep -q "Bearer $dpo" \
     && echo "$anonymous" | grep -q '"code":"UNAUTHENTICATED"' \
     && echo "$preview" | grep -q '"status":"COMPLETED","dryRun":true' && [ "$(echo "$preview" | grep -o '"status":"DONE"' | wc -l)" = 4 ] \
     && echo "$refused" | grep -q '"fullName":"Élodie Dupré-Noël"' && echo "$refused" | grep -q '"invoices":null' && echo "$refused" | grep -q '"code":"FORBIDDEN"'; then
    result=pass
  else
    echo "unexpected answers: dpo: $answer"; echo "no token: $anonymous"; echo "support: $refused"; echo "erasure preview: $preview"
  fi
fi
kill -TERM -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [ "$result" = pass ]; then
  echo "npm run seed, then npm start: gateway and subgraphs up on the seeded data, export answered with the printed dpo token, an erasure previewed (dry run) through all four subgraphs, no token refused, support refused billing, playground served with the dpo token"
  echo "1 passed, 0 failed"
else
  echo "npm start did not come up as the README says; its output:"; cat "$log"
  echo "0 passed, 1 failed"
fi
rm -rf "$data" "$log"
[ "$result" = pass ]
