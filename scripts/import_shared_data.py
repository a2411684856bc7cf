#!/usr/bin/env python3
"""Builds the bundled corpus/ from ../shared/data (one-off import; see corpus/PROVENANCE.md).

Writes the same layout the crawler writes: corpus/<symbol with / -> _>/<lang>.<ext> and
corpus/manifest.json. Raw files are copied byte for byte; nothing is extracted here.
"""
import hashlib, json, os, re, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "data"))
CORPUS = os.path.join(ROOT, "corpus")
IMPORTED_AT = "2026-11-27T00:00:00Z"

def pdf_symbol(name):
    # S_2025_71_Rev.1.en.pdf -> S/2025/71/Rev.1 ; A_RES_78_323.en.pdf -> A/RES/78/323
    stem = name[: -len(".en.pdf")]
    parts = stem.split("_")
    if parts[:2] == ["S", "RES"] and len(parts) >= 3:
        # S_RES_2768_2025 or S_RES_2768(2025)
        m = re.match(r"S_RES_(\d+)\s*[_(]\s*(\d{4})\)?$", stem)
        if m:
            return f"S/RES/{m.group(1)}({m.group(2)})"
    return "/".join(parts)

def sniff(b):
    if b.startswith(b"%PDF"):
        return "application/pdf", "pdf"
    return "text/plain; charset=utf-8", "txt"

def main():
    entries = []
    def add(symbol, lang, src, origin):
        with open(src, "rb") as f:
            b = f.read()
        ctype, ext = sniff(b)
        rel = f"{symbol.replace('/', '_')}/{lang}.{ext}"
        dst = os.path.join(CORPUS, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        entries.append({
            "symbol": symbol, "lang": lang, "status": "ok", "file": rel, "origin": origin,
            "content_type": ctype, "sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b),
            "fetched_at": IMPORTED_AT,
        })

    add("S/2022/529", "zh", os.path.join(DATA, "seed", "S-2022-529.zh.txt"),
        "shared/data/seed/S-2022-529.zh.txt (text of the UN PDF https://undocs.org/zh/S/2022/529)")
    pdf_dir = os.path.join(DATA, "un-pdfs")
    for name in sorted(os.listdir(pdf_dir)):
        if not name.endswith(".en.pdf"):
            continue
        sym = pdf_symbol(name)
        add(sym, "en", os.path.join(pdf_dir, name), f"shared/data/un-pdfs/{name} (as served by the UN)")
    res_dir = os.path.join(DATA, "cr-unsc", "resolutions-en")
    for name in sorted(os.listdir(res_dir)):
        m = re.match(r"S_RES_(\d+)_(\d{4})_EN_GOLD\.txt$", name)
        if not m:
            print("skipping", name, file=sys.stderr)
            continue
        sym = f"S/RES/{int(m.group(1))}({m.group(2)})"
        add(sym, "en", os.path.join(res_dir, name), f"shared/data/cr-unsc/resolutions-en/{name} (CR-UNSC, CC0)")
    entries.sort(key=lambda e: (e["symbol"], e["lang"]))
    syms = [(e["symbol"], e["lang"]) for e in entries]
    assert len(syms) == len(set(syms)), "duplicate symbols"
    with open(os.path.join(CORPUS, "manifest.json.tmp"), "w") as f:
        json.dump({"version": 1, "entries": entries}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(os.path.join(CORPUS, "manifest.json.tmp"), os.path.join(CORPUS, "manifest.json"))
    print(f"{len(entries)} entries")

if __name__ == "__main__":
    main()
