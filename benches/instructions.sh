#!/usr/bin/env bash
# Instructions per search, which a shared and noisy machine does not distort: callgrind counts
# the instructions executed inside `undex::query::search::search` while `peers_slot` runs a query
# file once and four times over; the difference, divided by the searches it adds, leaves out
# one-time work (jieba's dictionary, the per-process tables, the first reads of each segment).
# `peers_slot … 0 0` runs every query four times (a warm pass and three timed ones), so the
# difference is 3 × 4 searches per query.
#
#   bash benches/instructions.sh QUERIES CORPUS INDEX                 # this build
#   bash benches/instructions.sh QUERIES CORPUS INDEX OTHER/peers_slot # and another build, same files
#
# QUERIES: a peers-harness `queries.jsonl` or undex requests (`{"id", "query", "lang"?, …}`, see
# examples/peers_slot.rs). Needs valgrind (`apt-get install valgrind`).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
QUERIES="$1" CORPUS="$2" INDEX="$3" OTHER="${4:-}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
PROJ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$PROJ" && cargo build --release --example peers_slot)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The file four times over, each line's id made unique.
python3 - "$QUERIES" "$WORK/x4.jsonl" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for r in range(4):
        for q in lines:
            q = dict(q, id=f"{q['id']}#{r}")
            out.write(json.dumps(q, ensure_ascii=False) + "\n")
print(len(lines), file=open(sys.argv[2] + ".n", "w"))
EOF
N="$(cat "$WORK/x4.jsonl.n")"
count() { # slot, queries → instructions
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
    --toggle-collect='undex::query::search::search' \
    "$1" "$2" "$CORPUS" "$INDEX" "$WORK/out.json" 0 0 snippets >/dev/null 2>&1
  callgrind_annotate "$WORK/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}
per_search() { # slot → instructions per search
  local once four
  once="$(count "$1" "$QUERIES")"
  four="$(count "$1" "$WORK/x4.jsonl")"
  echo $(( (four - once) / (12 * N) ))
}
THIS="$(per_search "$PROJ/target/release/examples/peers_slot")"
echo "this build: $THIS instructions per search ($N queries)"
if [ -n "$OTHER" ]; then
  THAT="$(per_search "$OTHER")"
  echo "$OTHER: $THAT instructions per search"
  python3 -c "print(f'this / other: {$THIS / $THAT:.3f}')"
fi
