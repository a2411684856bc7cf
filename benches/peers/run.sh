#!/usr/bin/env bash
# One command for the README's side-by-side table: undex beside Lucene 9.9 and tantivy-py on
# undex's own paragraphs and the harness's 220 queries, warm top-10, medians of 3 runs.
#
#   bash benches/peers/run.sh                       # lucene-cjk, lucene-seg, tantivy-seg + undex
#   PEERS_ENGINES=all bash benches/peers/run.sh     # every peer (needs PEERS_NO_SPHINX= for Sphinx)
#   PEERS_REPEAT=1 bash benches/peers/run.sh        # one run (faster, noisier)
#
# Installs the peers from Debian/PyPI (setup.sh, into $PEERS_ROOT, default /tmp/peers), builds
# undex and the slot (examples/peers_slot.rs), exports undex's paragraphs, draws the queries
# (prepare.py, seeded) and runs run.py with two undex rows over one index per repeat:
# `undex` (Engine::search, snippets included) and `undex-ids` (ranked ids and total only).
# Results: $PEERS_ROOT/results.md and results.json.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJ="$(cd "$HERE/../.." && pwd)"
export PEERS_ROOT="${PEERS_ROOT:-/tmp/peers}"
export PEERS_NO_SPHINX="${PEERS_NO_SPHINX-1}"
ENGINES="${PEERS_ENGINES:-lucene-cjk,lucene-seg,tantivy-seg}"
REPEAT="${PEERS_REPEAT:-3}"
bash "$HERE/setup.sh"
cd "$PROJ"
cargo build --release --bin undex --example peers_slot
PY="$PEERS_ROOT/venv/bin/python"
UNDEX="$PROJ/target/release/undex"
SLOT="$PROJ/target/release/examples/peers_slot"
"$PY" "$HERE/export_undex.py" "$UNDEX" "$PROJ/corpus" "$PEERS_ROOT/undex-paras.jsonl" "$PEERS_ROOT/export-index"
"$PY" "$HERE/prepare.py" --paras "$PEERS_ROOT/undex-paras.jsonl" --out "$PEERS_ROOT/data-undex"
"$PY" "$HERE/run.py" --data "$PEERS_ROOT/data-undex" --repeat "$REPEAT" --no-segbench --engines "$ENGINES" \
  --undex-index-cmd "$UNDEX --corpus $PROJ/corpus --index {index} index --full" \
  --undex-name undex --undex-query-cmd "$SLOT {queries} $PROJ/corpus {index} {out} 2 8 snippets" \
  --undex-name undex-ids --undex-query-cmd "$SLOT {queries} $PROJ/corpus {index} {out} 2 8 ids"
