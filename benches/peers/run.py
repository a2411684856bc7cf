#!/usr/bin/env python3
"""run.py — measure peer search engines (and undex) side by side on the inputs from prepare.py.

For each engine, in one run: index build time and MB/s of raw input text, index size on disk,
peak RSS, warm in-process top-10 query latency p50/p90/p99 over queries.jsonl (AND of clauses,
a multi-token clause is a phrase), and the hit count of every query. Plus a segmentation
throughput table (rjieba, Python jieba) on the Chinese paragraphs.
Prints Markdown tables; writes $PEERS_ROOT/results.json and results.md.

  /tmp/peers/venv/bin/python ../shared/peers/run.py                     # all default engines
  ... run.py --engines tantivy-seg,lucene-seg --langs zh            # a subset, Chinese only
  ... run.py --undex-index-cmd 'undex index --paras {paras} --index {index}' \
             --undex-query-cmd 'undex bench --index {index} --queries {queries} --out {out}'

Engines (tokens: "jieba" = the pre-segmented jieba-rs stream from prepare.py; "native" = the
engine's own analysis of the raw text):
  lucene-cjk    Lucene 9.9.1, CJKAnalyzer bigrams on zh + StandardAnalyzer on en (raw text)
  lucene-seg    Lucene 9.9.1, WhitespaceAnalyzer on the jieba stream
  tantivy-seg   tantivy-py 0.27, "whitespace" tokenizer on the jieba stream
  xapian-cjk    Xapian 1.4 TermGenerator FLAG_CJK_NGRAM (raw text), phrase queries
  xapian-seg    Xapian 1.4, the jieba stream added as postings
  fts5-trigram  SQLite FTS5 trigram on zh (content kept: LIKE for <3-char words) + unicode61 on en
  fts5-seg      SQLite FTS5 unicode61 on the jieba stream (contentless)
  fts5-jieba    SQLite FTS5 with a jieba-rs tokenizer callback (sqlitefts + rjieba), raw text
  sphinx-seg    Sphinx 2.2 searchd on 127.0.0.1 over the jieba stream (client-side latency)
  undex         only with --undex-index-cmd / --undex-query-cmd (see README.md)
"""
import argparse, json, os, platform, resource, shlex, shutil, socket, statistics, subprocess, sys, time
from pathlib import Path

sys.dont_write_bytecode = True  # run.py imports prepare.py; keep ../shared/peers free of __pycache__
ROOT = Path(os.environ.get("PEERS_ROOT", "/tmp/peers"))
HERE = Path(__file__).resolve().parent
try:
    import rjieba  # noqa: F401  (only to detect the venv)
except ImportError:
    py = ROOT / "venv/bin/python"
    if py.exists() and Path(sys.executable) != py:
        os.execv(str(py), [str(py)] + sys.argv)
    sys.exit("run ../shared/peers/setup.sh first")

ENGINES = {
    # name: (tokens, input, label)
    "lucene-cjk": ("native", "raw", "Lucene CJK bigram zh + Standard en"),
    "lucene-seg": ("jieba", "seg", "Lucene whitespace on jieba tokens"),
    "tantivy-seg": ("jieba", "seg", "tantivy-py whitespace on jieba tokens"),
    "xapian-cjk": ("native", "raw", "Xapian CJK n-gram"),
    "xapian-seg": ("jieba", "seg", "Xapian on jieba tokens"),
    "fts5-trigram": ("native", "raw", "FTS5 trigram zh + unicode61 en"),
    "fts5-seg": ("jieba", "seg", "FTS5 unicode61 on jieba tokens"),
    "fts5-jieba": ("jieba", "raw", "FTS5 + jieba-rs tokenizer callback"),
    "sphinx-seg": ("jieba", "seg", "Sphinx searchd on jieba tokens"),
}
DEFAULT = ["lucene-cjk", "lucene-seg", "tantivy-seg", "xapian-cjk", "xapian-seg",
           "fts5-trigram", "fts5-seg", "fts5-jieba", "sphinx-seg"]
REF_SEG, REF_RAW = "tantivy-seg", "lucene-cjk"   # count-parity references


# ============================================================================== shared helpers
def load_jsonl(path, langs):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["lang"] in langs:
                out.append(d)
    return out


def timed_passes(fn, queries, warm_s, budget_s, min_reps, max_reps):
    """Warm up for warm_s (at least one pass), then timed passes until budget_s (min/max reps).
    Returns per-query lists of microseconds."""
    end = time.perf_counter() + warm_s
    while True:
        for q in queries:
            fn(q)
        if time.perf_counter() >= end:
            break
    lat = [[] for _ in queries]
    stop = time.perf_counter() + budget_s
    reps = 0
    pc = time.perf_counter
    while reps < max_reps and (reps < min_reps or pc() < stop):
        for i, q in enumerate(queries):
            t = pc()
            fn(q)
            lat[i].append((pc() - t) * 1e6)
        reps += 1
    return lat, reps


def dir_bytes(p):
    p = Path(p)
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


# ============================================================================== workers (one process each)
def w_tantivy_seg(job, docs, queries):
    import tantivy
    sb = tantivy.SchemaBuilder()
    for f in ("zh", "en"):
        sb.add_text_field(f, stored=False, tokenizer_name="whitespace", index_option="position")
    schema = sb.build()
    idx = tantivy.Index(schema, path=job["index"])
    t0 = time.perf_counter()
    w = idx.writer(heap_size=256_000_000, num_threads=1)
    for d in docs:
        w.add_document(tantivy.Document(**{d["lang"]: d["text"]}))
    w.commit()
    w.wait_merging_threads()
    build = time.perf_counter() - t0
    idx.reload()
    s = idx.searcher()
    Q, Occur = tantivy.Query, tantivy.Occur

    def clause(field, toks):
        return Q.term_query(schema, field, toks[0]) if len(toks) == 1 else Q.phrase_query(schema, field, toks)

    qs = []
    for q in queries:
        f = "en" if q["lang"] == "en" else "zh"
        cs = [clause(f, t) for t in q["seg"]]
        qs.append(cs[0] if len(cs) == 1 else Q.boolean_query([(Occur.Must, c) for c in cs]))
    counts = [s.search(q, 1, count=True).count for q in qs]
    lat, reps = timed_passes(lambda q: s.search(q, 10, count=False), qs, *job["timing"])
    return build, counts, lat, reps, {"tantivy-py": __import__("importlib.metadata").metadata.version("tantivy")}


def _xapian(job, docs, queries, cjk):
    import xapian
    os.environ.setdefault("XAPIAN_FLUSH_THRESHOLD", "1000000")
    t0 = time.perf_counter()
    db = xapian.WritableDatabase(job["index"], xapian.DB_CREATE_OR_OVERWRITE)
    if cjk:
        tg = xapian.TermGenerator()
        tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
        for d in docs:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(d["text"], 1, "XE" if d["lang"] == "en" else "XZ")
            db.add_document(doc)
    else:
        for d in docs:
            doc = xapian.Document()
            pre = "XE" if d["lang"] == "en" else "XZ"
            for pos, t in enumerate(d["text"].split(), 1):
                doc.add_posting(pre + t, pos)
            db.add_document(doc)
    db.commit()
    db.close()
    build = time.perf_counter() - t0
    db = xapian.Database(job["index"])
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))
    qs = []
    if cjk:
        qp = xapian.QueryParser()
        qp.set_database(db)
        qp.set_default_op(xapian.Query.OP_AND)
        flags = xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_CJK_NGRAM
        for q in queries:
            s = " ".join('"%s"' % c.replace('"', " ") for c in q["clauses"])
            qs.append(qp.parse_query(s, flags, "XE" if q["lang"] == "en" else "XZ"))
    else:
        for q in queries:
            pre = "XE" if q["lang"] == "en" else "XZ"
            cs = [xapian.Query(pre + t[0]) if len(t) == 1 else
                  xapian.Query(xapian.Query.OP_PHRASE, [pre + x for x in t], len(t)) for t in q["seg"]]
            qs.append(cs[0] if len(cs) == 1 else xapian.Query(xapian.Query.OP_AND, cs))
    n = db.get_doccount()

    def count(q):
        enq.set_query(q)
        return enq.get_mset(0, 0, n).get_matches_estimated()

    def top10(q):
        enq.set_query(q)
        enq.get_mset(0, 10)

    counts = [count(q) for q in qs]
    lat, reps = timed_passes(top10, qs, *job["timing"])
    return build, counts, lat, reps, {"xapian": xapian.version_string()}


def w_xapian_cjk(job, docs, queries):
    return _xapian(job, docs, queries, True)


def w_xapian_seg(job, docs, queries):
    return _xapian(job, docs, queries, False)


def _fts5(job, docs, queries, kind):
    import sqlite3
    db = job["index"]
    keep = []
    c = sqlite3.connect(db)
    if kind == "trigram":
        ddl = {"zh": "tokenize='trigram'", "en": "tokenize='unicode61 remove_diacritics 0', content=''"}
    elif kind == "seg":
        tok = "tokenize=\"unicode61 remove_diacritics 0 tokenchars '+#&._%-'\", content=''"
        ddl = {"zh": tok, "en": tok}
    else:  # jieba tokenizer callback: the same token stream as prepare.py's seg_tokens
        import rjieba
        import sqlitefts.fts5 as fts5
        sys.path.insert(0, str(HERE))
        from prepare import MAX_TOKEN_CHARS
        hmm = bool(job["meta"].get("hmm", 1))

        class JiebaTokenizer(fts5.FTS5Tokenizer):
            def tokenize(self, text, flags=None):
                b = 0
                prev = 0
                for w, s, e in rjieba.tokenize(text, "default", hmm):
                    b += len(text[prev:s].encode())
                    wb = len(w.encode())
                    if len(w) <= MAX_TOKEN_CHARS and any(ch.isalnum() for ch in w):
                        yield w.lower(), b, b + wb
                    b += wb
                    prev = e

        t = fts5.make_fts5_tokenizer(JiebaTokenizer())
        keep.append(t)
        fts5.register_tokenizer(c, "jieba", t)
        ddl = {"zh": "tokenize='jieba', content=''", "en": "tokenize='jieba', content=''"}
    t0 = time.perf_counter()
    for lang in ("zh", "en"):
        c.execute(f"create virtual table {lang} using fts5(body, {ddl[lang]})")
    with c:
        for lang in ("zh", "en"):
            c.executemany(f"insert into {lang}(rowid, body) values(?, ?)",
                          ((i, d["text"]) for i, d in enumerate(docs) if d["lang"] == lang))
    build = time.perf_counter() - t0
    qs = []
    for q in queries:
        t = "en" if q["lang"] == "en" else "zh"
        if kind == "seg":
            qs.append((t, " AND ".join('"%s"' % " ".join(x) for x in q["seg"]), []))
        elif kind == "trigram" and t == "zh":
            long_ = [x for x in q["clauses"] if len(x) >= 3]
            short = [x for x in q["clauses"] if len(x) < 3]
            qs.append((t, " AND ".join('"%s"' % x.replace('"', '""') for x in long_), ["%" + x + "%" for x in short]))
        else:
            qs.append((t, " AND ".join('"%s"' % x.replace('"', '""') for x in q["clauses"]), []))
    sql_top, sql_cnt = [], []
    for t, m, likes in qs:
        # (body || '') keeps LIKE away from the trigram index: SQLite 3.40's trigram LIKE returns
        # no rows for patterns under 3 characters instead of scanning
        where = ([f"{t} MATCH ?"] if m else []) + ["(body || '') LIKE ?"] * len(likes)
        args = ([m] if m else []) + likes
        w = " AND ".join(where)
        sql_top.append((f"SELECT rowid FROM {t} WHERE {w}" + (" ORDER BY rank" if m else "") + " LIMIT 10", args))
        sql_cnt.append((f"SELECT count(*) FROM {t} WHERE {w}", args))
    counts = [c.execute(s, a).fetchone()[0] for s, a in sql_cnt]
    lat, reps = timed_passes(lambda sa: c.execute(sa[0], sa[1]).fetchall(), sql_top, *job["timing"])
    c.close()
    v = {"sqlite": sqlite3.sqlite_version}
    if kind == "jieba":
        v["sqlitefts"] = __import__("importlib.metadata").metadata.version("sqlitefts")
    return build, counts, lat, reps, v


def w_fts5_trigram(job, docs, queries):
    return _fts5(job, docs, queries, "trigram")


def w_fts5_seg(job, docs, queries):
    return _fts5(job, docs, queries, "seg")


def w_fts5_jieba(job, docs, queries):
    return _fts5(job, docs, queries, "jieba")


def w_sphinx_seg(job, docs, queries):
    """Sphinx 2.2: indexer over a TSV of the jieba stream, searchd on 127.0.0.1, SphinxQL."""
    import pymysql
    work = Path(job["index"])
    work.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        with open(work / f"{lang}.tsv", "w", encoding="utf-8") as f:
            for i, d in enumerate(docs, 1):
                if d["lang"] == lang:
                    f.write(f"{i}\t{d['text']}\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # every char that can occur inside a jieba token is a word char; tokens are space-separated
    charset = ("0..9, a..z, A..Z->a..z, _, U+2B, U+23, U+26, U+2E, U+25, U+2D, U+AA, U+B5, U+BA, "
               "U+C0..U+24F, U+370..U+3FF, U+400..U+52F, U+3040..U+30FF, U+3400..U+4DBF, "
               "U+4E00..U+9FFF, U+F900..U+FAFF, U+FF10..U+FF19, U+FF21..U+FF3A, U+FF41..U+FF5A, "
               "U+20000..U+2FA1F")
    conf = ["indexer\n{\n  mem_limit = 256M\n}\n",
            f"searchd\n{{\n  listen = 127.0.0.1:{port}:mysql41\n  log = {work}/searchd.log\n"
            f"  query_log = {work}/query.log\n  pid_file = {work}/searchd.pid\n  binlog_path =\n"
            f"  workers = threads\n  max_matches = 10000\n}}\n"]
    for lang in ("zh", "en"):
        conf.append(f"source src_{lang}\n{{\n  type = tsvpipe\n  tsvpipe_command = cat {work}/{lang}.tsv\n"
                    f"  tsvpipe_field = body\n}}\n")
        conf.append(f"index {lang}\n{{\n  source = src_{lang}\n  path = {work}/idx_{lang}\n"
                    f"  charset_table = {charset}\n  min_word_len = 1\n  docinfo = extern\n}}\n")
    (work / "sphinx.conf").write_text("".join(conf), encoding="utf-8")
    t0 = time.perf_counter()
    subprocess.run(["indexer", "--config", str(work / "sphinx.conf"), "--all", "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    build = time.perf_counter() - t0
    subprocess.run(["searchd", "--config", str(work / "sphinx.conf")], check=True, stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                conn = pymysql.connect(host="127.0.0.1", port=port, user="", autocommit=True)
                break
            except Exception:
                time.sleep(0.1)
        cur = conn.cursor()
        qs = []
        for q in queries:
            t = "en" if q["lang"] == "en" else "zh"
            m = " ".join('"%s"' % " ".join(x) for x in q["seg"])
            qs.append((t, m))
        counts = []
        for t, m in qs:
            cur.execute(f"SELECT id FROM {t} WHERE MATCH(%s) LIMIT 1 OPTION ranker=bm25", (m,))
            cur.fetchall()
            cur.execute("SHOW META LIKE 'total_found'")
            counts.append(int(cur.fetchone()[1]))

        def top10(tm):
            cur.execute(f"SELECT id FROM {tm[0]} WHERE MATCH(%s) LIMIT 10 OPTION ranker=bm25", (tm[1],))
            cur.fetchall()

        lat, reps = timed_passes(top10, qs, *job["timing"])
        conn.close()
        ver = subprocess.run(["searchd", "--help"], capture_output=True, text=True).stdout.splitlines()[0]
    finally:
        subprocess.run(["searchd", "--config", str(work / "sphinx.conf"), "--stopwait"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for f in work.glob("*.tsv"):
        f.unlink()
    for f in work.glob("*.log"):
        f.unlink()
    return build, counts, lat, reps, {"sphinx": ver}


def worker_main(engine, job_path):
    job = json.loads(Path(job_path).read_text())
    langs = set(job["langs"])
    docs = load_jsonl(job["docs"], langs)
    queries = load_jsonl(job["queries"], langs)
    fn = globals()["w_" + engine.replace("-", "_")]
    build, counts, lat, reps, versions = fn(job, docs, queries)
    res = {"build_s": build, "n_docs": len(docs), "reps": reps, "versions": versions,
           "qids": [q["id"] for q in queries],
           "counts": {q["id"]: n for q, n in zip(queries, counts)}, "lat_us": lat}
    Path(job["out"]).write_text(json.dumps(res))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (sqlitefts/xapian callbacks can crash at exit)


def segbench_main(job_path):
    """Segmentation throughput on the unique Chinese paragraphs."""
    job = json.loads(Path(job_path).read_text())
    lines = [d["text"] for d in load_jsonl(job["docs"], {"zh"}) if "~" not in d["id"]]
    nbytes = sum(len(s.encode()) for s in lines)
    import rjieba, jieba
    jieba.setLogLevel(60)
    rows = []

    def bench(impl, mode, fn, reps):
        best, ntok = 1e9, 0
        for _ in range(reps):
            t = time.perf_counter()
            ntok = 0
            for s in lines:
                ntok += len(fn(s))
            best = min(best, time.perf_counter() - t)
        rows.append({"impl": impl, "mode": mode, "mb_s": nbytes / best / 1e6, "seconds": best, "tokens": ntok,
                     "bytes": nbytes, "reps": reps})

    from importlib.metadata import version
    rv, jv = version("rjieba"), version("jieba")
    rjieba.cut("预热")
    t = time.perf_counter()
    jieba.initialize()
    jinit = time.perf_counter() - t
    bench(f"rjieba {rv} (jieba-rs via PyO3, one call per paragraph)", "cut hmm=False", lambda s: rjieba.cut(s, False), 3)
    bench(f"rjieba {rv} (jieba-rs via PyO3, one call per paragraph)", "cut hmm=True", lambda s: rjieba.cut(s, True), 3)
    bench(f"rjieba {rv} (jieba-rs via PyO3, one call per paragraph)", "cut_for_search hmm=True",
          lambda s: rjieba.cut_for_search(s, True), 3)
    bench(f"Python jieba {jv}", "cut HMM=False", lambda s: jieba.lcut(s, HMM=False), 1)
    bench(f"Python jieba {jv}", "cut HMM=True", lambda s: jieba.lcut(s, HMM=True), 1)
    Path(job["out"]).write_text(json.dumps({"rows": rows, "jieba_init_s": jinit}))
    os._exit(0)


# ============================================================================== driver
def run_child(cmd, log, timeout):
    """Run cmd (list) and return (wall_s, peak_rss_mb, rc)."""
    t = time.perf_counter()
    with open(log, "w") as lf:
        p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.time() > deadline:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, ru.ru_maxrss / 1024, p.returncode


def aggregate(rows):
    """Median over repeated runs of one engine; the per-run numbers stay in 'runs'."""
    ok = [r for r in rows if "error" not in r]
    if len(ok) < len(rows) or len(ok) == 1:
        return rows[-1] if len(ok) < len(rows) else ok[0]
    base = dict(ok[0])
    for k in ("build_s", "process_wall_s", "mb_s", "index_mb", "peak_rss_mb", "p50_us", "p90_us", "p99_us", "mean_us"):
        base[k] = statistics.median(r[k] for r in ok)
    for k in ("p50_by_kind_us", "p99_by_kind_us"):
        base[k] = {kind: statistics.median(r[k][kind] for r in ok) for kind in ok[0][k]}
    base["runs"] = [{k: r[k] for k in ("build_s", "p50_us", "p90_us", "p99_us", "peak_rss_mb")} for r in ok]
    base["counts_stable"] = all(r["counts"] == ok[0]["counts"] for r in ok)
    return base


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] if xs else float("nan")


def summarize(res, queries):
    kinds = {q["id"]: q["kind"] for q in queries}
    lat = res["lat_us"]
    if isinstance(lat, dict):
        lat = [lat.get(qid, []) for qid in res["qids"]]
    allv = [x for l in lat for x in l]
    by_kind = {}
    for qid, l in zip(res["qids"], lat):
        by_kind.setdefault(kinds.get(qid, "?"), []).extend(l)
    return {"p50_us": pct(allv, 50), "p90_us": pct(allv, 90), "p99_us": pct(allv, 99),
            "mean_us": statistics.fmean(allv) if allv else float("nan"), "samples": len(allv),
            "p50_by_kind_us": {k: pct(v, 50) for k, v in by_kind.items()},
            "p99_by_kind_us": {k: pct(v, 99) for k, v in by_kind.items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--engines", default=",".join(DEFAULT), help="comma list; 'all' = default list")
    ap.add_argument("--langs", default="zh,en", help="zh,en | zh | en (filters paragraphs and queries)")
    ap.add_argument("--warm-s", type=float, default=2.0, help="warm-up seconds per engine (>= 1 pass); Lucene gets max(5, this)")
    ap.add_argument("--budget-s", type=float, default=8.0, help="timed seconds per engine")
    ap.add_argument("--min-reps", type=int, default=3)
    ap.add_argument("--max-reps", type=int, default=20)
    ap.add_argument("--timeout-s", type=int, default=1800, help="per engine")
    ap.add_argument("--repeat", type=int, default=1, help="run every engine N times, report medians (runs kept in JSON)")
    ap.add_argument("--no-segbench", action="store_true")
    ap.add_argument("--undex-index-cmd", help="shell template; placeholders {paras} {paras_seg} {queries} {index} {out} {data} {langs}")
    ap.add_argument("--undex-query-cmd", action="append", help="shell template; must write {out} = {counts:{qid:n}, lat_us:{qid:[us..]}}; "
                    "repeat it (with one --undex-name each) for several rows over the same index, built once per repeat")
    ap.add_argument("--undex-name", action="append", help="row name for each undex slot (default undex, undex-2, ...)")
    ap.add_argument("--out", type=Path, default=ROOT / "results.json")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--job", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker == "segbench":
        return segbench_main(a.job)
    if a.worker:
        return worker_main(a.worker, a.job)

    t_all = time.perf_counter()
    env = json.loads((ROOT / "env.json").read_text())
    meta = json.loads((a.data / "meta.json").read_text())
    langs = [l for l in a.langs.split(",") if l]
    engines = DEFAULT if a.engines == "all" else [e for e in a.engines.split(",") if e]
    slots = []
    if a.undex_index_cmd and a.undex_query_cmd:
        names = a.undex_name or []
        slots = [(names[i] if i < len(names) else ("undex" if i == 0 else f"undex-{i + 1}"), c)
                 for i, c in enumerate(a.undex_query_cmd)]
        engines = [e for e in engines if e != "undex"] + [f"undex:{i}" for i in range(len(slots))]
    undex_builds = {}  # repeat -> (index path, build_s, build_is_wall, rss) of the first slot
    work = ROOT / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    paras, paras_seg, qfile = a.data / "paras.jsonl", a.data / "paras_seg.jsonl", a.data / "queries.jsonl"
    queries = load_jsonl(qfile, set(langs))
    raw_bytes = {l: 0 for l in langs}
    n_docs = 0
    # TSVs for the Java harness
    with open(paras, encoding="utf-8") as f, open(work / "docs_raw.tsv", "w", encoding="utf-8") as o:
        for line in f:
            d = json.loads(line)
            if d["lang"] in langs:
                raw_bytes[d["lang"]] += len(d["text"].encode())
                n_docs += 1
                o.write(f"{d['lang']}\t{d['text']}\n")
    with open(paras_seg, encoding="utf-8") as f, open(work / "docs_seg.tsv", "w", encoding="utf-8") as o:
        for line in f:
            d = json.loads(line)
            if d["lang"] in langs:
                o.write(f"{d['lang']}\t{d['text']}\n")
    for kind in ("raw", "seg"):
        with open(work / f"queries_{kind}.tsv", "w", encoding="utf-8") as o:
            for q in queries:
                cl = q["clauses"] if kind == "raw" else [" ".join(t) for t in q["seg"]]
                o.write("\t".join([q["id"], q["lang"]] + [c.replace("\t", " ") for c in cl]) + "\n")
    total_mb = sum(raw_bytes.values()) / 1e6
    print(f"corpus: {n_docs} paragraphs, {total_mb:.2f} MB raw ({', '.join(f'{l} {b / 1e6:.2f} MB' for l, b in raw_bytes.items())}), "
          f"scale {meta['scale']}, {len(queries)} queries; engines: {', '.join(engines)}", flush=True)

    timing = [a.warm_s, a.budget_s, a.min_reps, a.max_reps]
    py = sys.executable
    results = []

    # ---------------------------------------------------------------- segmentation throughput
    seg = None
    if not a.no_segbench and "zh" in langs:
        job = work / "segbench.json"
        job.write_text(json.dumps({"docs": str(paras), "out": str(work / "segbench.out.json")}))
        wall, rss, rc = run_child([py, __file__, "--worker", "segbench", "--job", str(job)], work / "segbench.log", a.timeout_s)
        if rc == 0:
            seg = json.loads((work / "segbench.out.json").read_text())
            print(f"segmentation bench done ({wall:.1f} s)", flush=True)
        else:
            print(f"segmentation bench FAILED rc={rc}, see {work / 'segbench.log'}", flush=True)

    # ---------------------------------------------------------------- engines
    for e in engines:
        runs = []
        for rep in range(a.repeat):
            ed = work / e
            shutil.rmtree(ed, ignore_errors=True)
            ed.mkdir()
            out = ed / "result.json"
            log = ed / "log.txt"
            is_undex = e.startswith("undex:")
            slot_name, slot_cmd = slots[int(e[6:])] if is_undex else (e, None)
            row = {"engine": slot_name}
            try:
                if is_undex:
                    row.update(tokens="own", input="raw", label=f"{slot_name} (command templates)")
                    if rep in undex_builds:
                        idx, build_in, wall, rss = undex_builds[rep]
                    else:
                        idx = work / f"undex-index-{rep}"  # kept for the other slots of this repeat
                        shutil.rmtree(idx, ignore_errors=True)
                        idx.mkdir()
                    fmt = dict(paras=shlex.quote(str(paras)), paras_seg=shlex.quote(str(paras_seg)), langs=",".join(langs),
                               queries=shlex.quote(str(qfile)), index=shlex.quote(str(idx)), data=shlex.quote(str(a.data)))
                    if rep not in undex_builds:
                        iout = ed / "index_out.json"
                        wall, rss, rc = run_child(["bash", "-c", a.undex_index_cmd.format(out=shlex.quote(str(iout)), **fmt)],
                                                  ed / "index_log.txt", a.timeout_s)
                        if rc != 0:
                            raise RuntimeError(f"undex index cmd rc={rc}, see {ed / 'index_log.txt'}")
                        build_in = json.loads(iout.read_text()).get("build_s") if iout.exists() else None
                        undex_builds[rep] = (idx, build_in, wall, rss)
                    qwall, qrss, rc = run_child(["bash", "-c", slot_cmd.format(out=shlex.quote(str(out)), **fmt)],
                                                log, a.timeout_s)
                    if rc != 0:
                        raise RuntimeError(f"undex query cmd rc={rc}, see {log}")
                    res = json.loads(out.read_text())
                    if "qids" not in res:
                        res["qids"] = [q["id"] for q in queries]
                    res["build_s"] = build_in if build_in is not None else wall
                    res["build_is_wall"] = build_in is None
                    rss = max(rss, qrss)
                    index_path = idx
                else:
                    tokens, inp, label = ENGINES[e]
                    row.update(tokens=tokens, input=inp, label=label)
                    docs = paras if inp == "raw" else paras_seg
                    if e.startswith("lucene"):
                        index_path = ed / "index"
                        java = Path(env["java_home"]) / "bin/java"
                        cmd = [str(java), "-Xmx4g", "-cp", f"{env['jar']}:{env['classes']}", "PeerLucene",
                               "--mode", "cjk" if e == "lucene-cjk" else "ws",
                               "--docs", str(work / f"docs_{inp}.tsv"), "--index", str(index_path),
                               "--queries", str(work / f"queries_{inp}.tsv"), "--out", str(out),
                               "--warm-s", str(max(5.0, a.warm_s)), "--budget-s", str(a.budget_s),
                               "--min-reps", str(a.min_reps), "--max-reps", str(a.max_reps)]
                    else:
                        index_path = ed / ("index.db" if e.startswith("fts5") else "index")
                        if e == "tantivy-seg":
                            index_path.mkdir()
                        job = ed / "job.json"
                        job.write_text(json.dumps({"docs": str(docs), "queries": str(qfile), "index": str(index_path),
                                                   "out": str(out), "langs": langs, "timing": timing, "meta": meta}))
                        cmd = [py, __file__, "--worker", e, "--job", str(job)]
                    wall, rss, rc = run_child(cmd, log, a.timeout_s)
                    if rc != 0:
                        raise RuntimeError(f"rc={rc}: {log.read_text()[-600:]}")
                    res = json.loads(out.read_text())
                row.update(build_s=res["build_s"], process_wall_s=wall, mb_s=total_mb / res["build_s"],
                           index_mb=dir_bytes(index_path) / 1e6, peak_rss_mb=rss, reps=res.get("reps"),
                           versions=res.get("versions", {}), counts=res["counts"],
                           sum_hits=sum(res["counts"].get(q["id"], 0) for q in queries))
                if res.get("build_is_wall"):
                    row["build_is_wall"] = True
                row.update(summarize(res, queries))
                print(f"  {row['engine']:13s} build {row['build_s']:6.2f} s  {row['mb_s']:6.2f} MB/s  index {row['index_mb']:6.1f} MB  "
                      f"p50 {row['p50_us']:8.1f} µs  p99 {row['p99_us']:9.1f} µs  Σhits {row['sum_hits']}  (wall {wall:.1f} s)",
                      flush=True)
            except Exception as ex:  # one failing engine must not sink the run
                row["error"] = str(ex)
                print(f"  {e:13s} FAILED: {ex}", flush=True)
            runs.append(row)
            if "error" in row:
                break
        results.append(aggregate(runs))

    # ---------------------------------------------------------------- count parity
    by = {r["engine"]: r for r in results if "counts" in r}
    for r in results:
        for key, ref in (("diff_vs_seg", REF_SEG), ("diff_vs_raw", REF_RAW)):
            if "counts" in r and ref in by:
                rc_ = by[ref]["counts"]
                r[key] = sum(1 for q in queries if r["counts"].get(q["id"]) != rc_.get(q["id"]))

    doc = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine_info(), "env_versions": env.get("versions", {}),
        "corpus": {"paragraphs": n_docs, "raw_bytes": raw_bytes, "scale": meta["scale"], "langs": langs,
                   "queries": len(queries), "meta": meta},
        "settings": {"repeat": a.repeat, "warm_s": a.warm_s, "budget_s": a.budget_s, "min_reps": a.min_reps, "max_reps": a.max_reps,
                     "top_k": 10, "semantics": "AND of clauses; multi-token clause = phrase; BM25 k1=1.2 b=0.75"},
        "segmentation": seg, "engines": results,
        "queries": queries, "total_s": time.perf_counter() - t_all,
    }
    md = render(doc)
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    a.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print()
    print(md)
    print(f"results: {a.out} and {a.out.with_suffix('.md')}; run.py total {doc['total_s']:.0f} s")


def machine_info():
    cpu = "?"
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "vcpus": os.cpu_count(), "mem_gib": round(mem, 1), "kernel": platform.release(),
            "python": platform.python_version()}


def render(doc):
    m, c = doc["machine"], doc["corpus"]
    L = []
    L.append(f"Peers on {doc['date']} — {m['cpu']}, {m['vcpus']} vCPU, {m['mem_gib']} GiB; corpus {c['paragraphs']} paragraphs, "
             + ", ".join(f"{l} {b / 1e6:.2f} MB" for l, b in c["raw_bytes"].items())
             + f" (scale {c['scale']}); {c['queries']} queries, top-10, AND, BM25(1.2, 0.75); single thread"
             + (f"; median of {doc['settings']['repeat']} runs per engine." if doc["settings"].get("repeat", 1) > 1 else "."))
    L.append("")
    L.append("| engine | tokens | build s | MB/s | index MB | RSS MB | p50 µs | p90 µs | p99 µs | Σ hits | ≠ jieba ref | ≠ substring ref |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in doc["engines"]:
        if "error" in r:
            L.append(f"| {r['engine']} | {r.get('tokens', '')} | failed: {r['error'][:80]} |||||||||")
            continue
        b = f"{r['build_s']:.2f}" + ("*" if r.get("build_is_wall") else "")
        L.append(f"| {r['engine']} | {r['tokens']} | {b} | {r['mb_s']:.1f} | {r['index_mb']:.1f} | {r['peak_rss_mb']:.0f} | "
                 f"{r['p50_us']:.0f} | {r['p90_us']:.0f} | {r['p99_us']:.0f} | {r['sum_hits']} | "
                 f"{r.get('diff_vs_seg', '–')} | {r.get('diff_vs_raw', '–')} |")
    L.append("")
    kinds = []
    for q in doc["queries"]:
        if q["kind"] not in kinds:
            kinds.append(q["kind"])
    L.append("p50 / p99 µs by query kind (" + ", ".join(f"{k} {sum(1 for q in doc['queries'] if q['kind'] == k)}" for k in kinds) + "):")
    L.append("")
    L.append("| engine | " + " | ".join(kinds) + " |")
    L.append("|---|" + "---|" * len(kinds))
    for r in doc["engines"]:
        if "error" in r:
            continue
        L.append(f"| {r['engine']} | " + " | ".join(
            f"{r['p50_by_kind_us'].get(k, float('nan')):.0f} / {r['p99_by_kind_us'].get(k, float('nan')):.0f}" for k in kinds) + " |")
    seg = doc.get("segmentation")
    if seg:
        L.append("")
        n = seg["rows"][0]["bytes"] / 1e6
        L.append(f"Segmentation of the {n:.2f} MB of unique zh paragraphs, 1 thread (rjieba best of 3, Python jieba 1 run; "
                 f"jieba init {seg['jieba_init_s']:.2f} s excluded). Bare jieba-rs (no Python) needs a Rust bench in the project.")
        L.append("")
        L.append("| segmenter | mode | MB/s | tokens |")
        L.append("|---|---|---|---|")
        for r in seg["rows"]:
            L.append(f"| {r['impl']} | {r['mode']} | {r['mb_s']:.2f} | {r['tokens']} |")
    L.append("")
    L.append("MB/s = raw paragraph bytes / build s (build = in-process time from empty index to committed; '*' = wall of an "
             "external command). jieba-token engines get text pre-segmented by prepare.py, so their MB/s excludes segmentation "
             "(fts5-jieba and undex segment inside). ≠ ref = queries whose hit count differs from tantivy-seg (jieba tokens) / "
             "lucene-cjk (substring semantics). Latency is measured inside the calling process: Python bindings for "
             "tantivy-py, Xapian and FTS5, the JVM for Lucene, a MySQL-protocol client over loopback for Sphinx.")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
