#!/usr/bin/env bash
# Scale bench: the bundled corpus replicated 1×, 4×, 16× (hard links, distinct symbols SCALEk/…);
# per K: full build wall and peak RSS, index size, re-index after adding one document, warm p50/p99
# of the peers harness's 220 queries with snippets and ids only. Needs the peers data
# (benches/peers/run.sh, or its setup/export/prepare steps) for queries.jsonl.
#
#   bash benches/scale.sh            # K = 1 4 16
#   bash benches/scale.sh 1 4        # other factors
set -euo pipefail
PROJ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PEERS_ROOT="${PEERS_ROOT:-/tmp/peers}"
QUERIES="$PEERS_ROOT/data-undex/queries.jsonl"
[ -s "$QUERIES" ] || { echo "no $QUERIES: run benches/peers/run.sh first (or its prepare step)" >&2; exit 1; }
cd "$PROJ"
cargo build --release --bin undex --example peers_slot
WORK="${SCALE_WORK:-$PEERS_ROOT/scale}"
mkdir -p "$WORK"
[ $# -gt 0 ] || set -- 1 4 16
python3 "$PROJ/benches/peers/scale.py" "$PROJ/target/release/undex" "$PROJ/target/release/examples/peers_slot" \
  "$PROJ/corpus" "$QUERIES" "$WORK" "$@"
