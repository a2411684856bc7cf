#!/usr/bin/env python3
"""How undex's cost grows with its corpus: replicate the bundled corpus K times (hard links, each copy's
symbols prefixed SCALEk/ so every document stays distinct), then measure for each K in one run: full
build wall and peak RSS (`undex index --full`), index size, incremental re-index after adding one
document, and warm in-process query latency over the peers harness's queries through the slot
(examples/peers_slot.rs), with snippets (`Engine::search`) and ids only; "≥cap" counts the queries
whose total reached undex's exact-count threshold (reported as a lower bound).
usage: scale.py UNDEX_BIN SLOT_BIN CORPUS QUERIES.jsonl WORKDIR K [K...]   (or benches/scale.sh)
With SCALE_BEFORE_SLOT=PATH (another build's slot), that slot is timed on the same indexes too, so a
change's before and after share one run; with SCALE_BEFORE_UNDEX=PATH too (that build's undex), the
before slot gets its own index built by it (for a change of the index format). Besides p50/p99 of all samples, each row gives the p99 of
the per-query medians ("p99med"), which a loaded machine's scheduler slices do not dominate."""
import json, os, resource, shutil, subprocess, sys, time
undex, slot, corpus, queries, work = sys.argv[1:6]
ks = [int(k) for k in sys.argv[6:]]
man = json.load(open(f"{corpus}/manifest.json"))
def make(k):
    d = f"{work}/corpus{k}"
    if os.path.exists(d): shutil.rmtree(d)
    os.makedirs(d)
    entries = []
    for i in range(k):
        for e in man["entries"]:
            if not e.get("file"): continue
            e2 = dict(e)
            pre = "" if i == 0 else f"SCALE{i}/"
            e2["symbol"] = pre + e["symbol"]
            e2["file"] = ("" if i == 0 else f"SCALE{i}_") + e["file"]
            os.makedirs(os.path.dirname(f"{d}/{e2['file']}"), exist_ok=True)
            os.link(f"{corpus}/{e['file']}", f"{d}/{e2['file']}")
            entries.append(e2)
    json.dump({**man, "entries": entries}, open(f"{d}/manifest.json", "w"))
    return d, entries
rows = []
for k in ks:
    d, entries = make(k)
    idx = f"{work}/index{k}"
    shutil.rmtree(idx, ignore_errors=True)
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", undex, "--corpus", d, "--index", idx, "index", "--full"], capture_output=True, text=True)
    build = time.perf_counter() - t
    rss = int(r.stderr.strip().splitlines()[-1]) / 1024 if r.returncode == 0 else -1
    size = sum(os.path.getsize(os.path.join(a, f)) for a, _, fs in os.walk(idx) for f in fs) / 1e6
    # incremental: add one more copy of one document under a new symbol
    e = dict(entries[0]); e["symbol"] = "SCALEX/" + entries[0]["symbol"]; e["file"] = "SCALEX_" + entries[0]["file"]
    os.makedirs(os.path.dirname(f"{d}/{e['file']}"), exist_ok=True); os.link(f"{d}/{entries[0]['file']}", f"{d}/{e['file']}")
    m = json.load(open(f"{d}/manifest.json")); m["entries"].append(e); json.dump(m, open(f"{d}/manifest.json", "w"))
    t = time.perf_counter(); r2 = subprocess.run([undex, "--corpus", d, "--index", idx, "index"], capture_output=True, text=True); inc = time.perf_counter() - t
    pct, p99med = {}, {}
    slots = [("", slot, idx)] + ([("before-", os.environ["SCALE_BEFORE_SLOT"], idx)] if os.environ.get("SCALE_BEFORE_SLOT") else [])
    if os.environ.get("SCALE_BEFORE_UNDEX"):  # a build whose index format differs: its own index
        idx_before = f"{work}/index{k}-before"
        shutil.rmtree(idx_before, ignore_errors=True)
        subprocess.run([os.environ["SCALE_BEFORE_UNDEX"], "--corpus", d, "--index", idx_before, "index", "--full"], capture_output=True, check=True)
        slots = [(n, b, idx_before if n else i) for n, b, i in slots]
    for name, binary, index in slots:
        for mode in ("snippets", "ids"):
            out = f"{work}/lat{k}-{name}{mode}.json"
            subprocess.run([binary, queries, d, index, out, "1", "6", mode], check=True)
            res = json.load(open(out))
            lat = [x for v in res["lat_us"].values() for x in v]; lat.sort()
            meds = sorted(sorted(v)[len(v) // 2] for v in res["lat_us"].values())
            pct[name + mode] = (lat[len(lat) // 2], lat[int(len(lat) * 0.99)])
            p99med[name + mode] = round(meds[int(len(meds) * 0.99)])
            if not name:
                capped = sum(1 for n in res["counts"].values() if n >= 10000)
    row = dict(k=k, docs=len(entries), build_s=round(build, 2), rss_mb=round(rss), index_mb=round(size, 1), incr_s=round(inc, 3), incr_rc=r2.returncode,
               p50_us=round(pct["snippets"][0]), p99_us=round(pct["snippets"][1]), ids_p50_us=round(pct["ids"][0]), ids_p99_us=round(pct["ids"][1]), capped=capped,
               p99med=p99med)
    print(json.dumps(row), flush=True); rows.append(row)
    shutil.rmtree(d); shutil.rmtree(idx); shutil.rmtree(f"{work}/index{k}-before", ignore_errors=True)
print("| K | documents | full build s | peak RSS MB | index MB | +1 doc re-index s | p50 / p99 µs (snippets) | p50 / p99 µs (ids) | p99med µs snippets / ids | queries ≥cap |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    m = r["p99med"]
    med = f"{m['snippets']} / {m['ids']}" + (f" (before {m['before-snippets']} / {m['before-ids']})" if "before-ids" in m else "")
    print(f"| {r['k']} | {r['docs']} | {r['build_s']} | {r['rss_mb']} | {r['index_mb']} | {r['incr_s']} | {r['p50_us']} / {r['p99_us']} | {r['ids_p50_us']} / {r['ids_p99_us']} | {med} | {r['capped']} |")
