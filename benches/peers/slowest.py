#!/usr/bin/env python3
"""The slowest queries of one slot run: per-query median latency, the query's kind, clauses and total.
usage: slowest.py QUERIES.jsonl SLOT_OUT.json [N]   (SLOT_OUT as written by examples/peers_slot.rs)
Also prints p50/p90/p99 over all samples and over the per-query medians (which the scheduler's time
slices on a loaded machine do not dominate)."""
import json, statistics, sys
queries = {}
for line in open(sys.argv[1]):
    q = json.loads(line)
    queries[q["id"]] = q
run = json.load(open(sys.argv[2]))
n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
medians = {k: statistics.median(v) for k, v in run["lat_us"].items()}
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]
samples = [x for v in run["lat_us"].values() for x in v]
print(f"reps {run['reps']}; all samples p50/p90/p99 µs {pct(samples, .5):.0f} / {pct(samples, .9):.0f} / {pct(samples, .99):.0f}; "
      f"per-query medians {pct(medians.values(), .5):.0f} / {pct(medians.values(), .9):.0f} / {pct(medians.values(), .99):.0f}")
print("| median µs | total | kind | clauses |")
print("|---|---|---|---|")
for k in sorted(medians, key=medians.get, reverse=True)[:n]:
    q = queries.get(k, {})
    print(f"| {medians[k]:.0f} | {run['counts'].get(k)} | {q.get('kind', '')} | {' · '.join(q.get('clauses', [q.get('query', '')]))} |")
