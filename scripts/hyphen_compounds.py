#!/usr/bin/env python3
"""Writes src/query/compounds_en.tsv: English words the corpus writes both joined and hyphenated
("ceasefire" and "cease-fire", "peacekeeping" and "peace-keeping", "cooperation" and
"co-operation"). Older Security Council resolutions hyphenate what today's documents join, so a
query in today's spelling finds the old text, and back (src/query/compounds.rs).

A pair is kept when the hyphenated form occurs in at least MIN_HYPHENATED paragraphs (a word
broken across a line, "imple-mentation", occurs once or twice), the joined form in at least
MIN_JOINED, and neither part is a function word (extraction glitches: "onthe"). Each row gives the joined word, its two parts, and the paragraph counts of both forms as
the source.

Input: undex's paragraphs as JSONL {id, lang, text}, from
`python3 benches/peers/export_undex.py target/release/undex corpus /tmp/paras.jsonl /tmp/idx`.
usage: scripts/hyphen_compounds.py /tmp/paras.jsonl > src/query/compounds_en.tsv
"""
import collections
import json
import re
import sys

MIN_HYPHENATED = 3
MIN_JOINED = 3
# Parts that are function words come from extraction glitches ("onthe" for "on-the-ground").
FUNCTION_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def main():
    hyphenated, words = collections.Counter(), collections.Counter()
    for line in open(sys.argv[1], encoding="utf-8"):
        p = json.loads(line)
        if p["lang"] != "en":
            continue
        text = p["text"].lower()
        words.update(set(re.findall(r"[a-z]+", text)))
        hyphenated.update(set(re.findall(r"\b([a-z]{2,})-([a-z]{2,})\b", text)))
    print("# English words the corpus writes joined and hyphenated, by scripts/hyphen_compounds.py.")
    print("# joined\tfirst part\tsecond part\tsource (paragraphs of the bundled corpus with each form)")
    for (a, b), n in sorted(hyphenated.items()):
        joined = words[a + b]
        if n >= MIN_HYPHENATED and joined >= MIN_JOINED and not {a, b} & FUNCTION_WORDS:
            print(f"{a + b}\t{a}\t{b}\tcorpus: {a}-{b} {n}, {a + b} {joined}")


if __name__ == "__main__":
    main()
