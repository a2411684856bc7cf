#!/usr/bin/env python3
"""Export the paragraphs undex indexes (its own extraction + segmentation of the bundled corpus) as
{id, lang, text} JSONL, so that prepare.py --paras gives every peer exactly undex's paragraphs.
The index is built once first (sequentially), so the parallel `undex show` calls only read it.
usage: export_undex.py UNDEX_BIN CORPUS_DIR OUT.jsonl INDEX_DIR"""
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
undex, corpus, out, index = sys.argv[1:5]
subprocess.run([undex, "--corpus", corpus, "--index", index, "index"], check=True,
               stdout=subprocess.DEVNULL)
entries = json.load(open(f"{corpus}/manifest.json"))["entries"]
failed = []
def show(e):
    r = subprocess.run([undex, "--corpus", corpus, "--index", index, "show", e["symbol"], "--lang", e["lang"], "--json"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        failed.append(f'{e["symbol"]} ({e["lang"]}): {r.stderr.strip()}')
        return []
    d = json.loads(r.stdout)
    return [{"id": f'{d["symbol"]}|{d["lang"]}|{p["seq"]}', "lang": d["lang"], "text": p["text"]}
            for p in d["paragraphs"] if p["text"].strip()]
with ThreadPoolExecutor(4) as ex, open(out, "w", encoding="utf-8") as f:
    n = 0
    for paras in ex.map(show, entries):
        for p in paras:
            f.write(json.dumps(p, ensure_ascii=False) + "\n"); n += 1
print(f"{n} paragraphs from {len(entries)} entries -> {out}")
for x in failed:
    print(f"  not exported: {x}", file=sys.stderr)
