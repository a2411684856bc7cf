#!/usr/bin/env python3
"""Writes src/query/synonyms_en.tsv: for each English word of the corpus, the corpus words that
WordNet 3.0 links to it, for query expansion in the relaxed steps (src/query/synonyms.rs).

Source: WordNet 3.0 (Princeton University, WordNet 3.0 licence), as shipped by Debian's
`wordnet-base` package (/usr/share/wordnet). Input: the corpus vocabulary, one `word<TAB>count`
a line, from `cargo run --release --example vocab -- index body_en > /tmp/en_vocab.tsv`.

Per word (as the English analyzer leaves it: lowercased, plurals and possessives stripped):
  forms     other inflections of its lemmas (took/taken/taking for take; WordNet's morphy rules
            and exception lists) and the words WordNet marks as derivationally related to it in
            its first DERIVATION_SENSES senses (seizure/seize, detention/detain, repatriation/
            repatriate), with their inflections, and for an adjective of a place or people the
            proper noun it pertains to and back (WordNet's pertainyms: israeli/israel,
            afghan/afghanistan; proper nouns only, so "national" does not reach "nation");
  synonyms  the other words of its first SYNONYM_SENSES synsets per part of speech (WordNet
            orders senses by frequency in its tagged corpus), with their inflections.
Only words that occur in at least MIN_COUNT paragraphs of the corpus are kept, at most
MAX_PER_LIST per list (most frequent in the corpus first).

usage: scripts/wordnet_synonyms.py /tmp/en_vocab.tsv > src/query/synonyms_en.tsv
"""
import sys

WN = '/usr/share/wordnet/'
POS = {'n': 'noun', 'v': 'verb', 'a': 'adj'}
SYNONYM_SENSES = 1
DERIVATION_SENSES = 3
MIN_COUNT = 2
MAX_PER_LIST = 8
# Words too general to expand or to expand into (auxiliaries, very common verbs of the UN's
# boilerplate whose WordNet senses are mostly noise for retrieval): only their own inflections.
SKIP = set('be have do get make go say use include provide take give'.split())

RULES = {
    'n': [('s', ''), ('ses', 's'), ('xes', 'x'), ('zes', 'z'), ('ches', 'ch'), ('shes', 'sh'),
          ('men', 'man'), ('ies', 'y')],
    'v': [('s', ''), ('ies', 'y'), ('es', 'e'), ('es', ''), ('ed', 'e'), ('ed', ''),
          ('ing', 'e'), ('ing', '')],
    'a': [('er', ''), ('est', ''), ('er', 'e'), ('est', 'e')],
}


def load_index():
    index = {}
    for p, name in POS.items():
        for line in open(WN + 'index.' + name):
            if line.startswith(' '):
                continue
            f = line.split()
            p_cnt = int(f[3])
            index[(f[0], p)] = f[4 + p_cnt + 2:]
    return index


def load_exceptions():
    exc = {}
    for p, name in POS.items():
        for line in open(WN + name + '.exc'):
            f = line.split()
            exc.setdefault((f[0], p), []).extend(f[1:])
    return exc


def morphy(word, p, index, exc):
    out = set()
    if (word, p) in index:
        out.add(word)
    for base in exc.get((word, p), []):
        if (base, p) in index:
            out.add(base)
    for suffix, ending in RULES[p]:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: len(word) - len(suffix)] + ending
            if (base, p) in index:
                out.add(base)
    return out


DATA = {p: open(WN + 'data.' + name).read() for p, name in POS.items()}


def synset(p, offset):
    data = DATA[p]
    start = int(offset)
    line = data[start: data.index('\n', start)]
    f = line.split()
    w_cnt = int(f[3], 16)
    words = [f[4 + 2 * i].lower() for i in range(w_cnt)]
    i = 4 + 2 * w_cnt
    ptrs = []
    for k in range(int(f[i])):
        sym, off, pp, st = f[i + 1 + 4 * k: i + 5 + 4 * k]
        ptrs.append((sym, off, {'s': 'a'}.get(pp, pp), int(st[:2], 16), int(st[2:], 16)))
    return words, ptrs


def proper_pertainyms():
    """(adjective, proper noun) pairs of WordNet's pertainym pointers, lowercased."""
    pairs = set()
    for line in DATA['a'].split('\n'):
        if not line or line.startswith(' '):
            continue
        f = line.split()
        w_cnt = int(f[3], 16)
        words = [f[4 + 2 * i] for i in range(w_cnt)]
        i = 4 + 2 * w_cnt
        for k in range(int(f[i])):
            sym, off, pp, st = f[i + 1 + 4 * k: i + 5 + 4 * k]
            if sym != '\\' or pp != 'n':
                continue
            src, dst = int(st[:2], 16), int(st[2:], 16)
            line_n = DATA['n'][int(off): DATA['n'].index('\n', int(off))].split()
            target = line_n[4 + 2 * (dst - 1)]
            if target[0].isupper() and '_' not in target:
                for w in (words if src == 0 else [words[src - 1]]):
                    if '_' not in w:
                        pairs.add((w.lower(), target.lower()))
    return pairs


def main():
    vocab = {}
    for line in open(sys.argv[1]):
        word, count = line.rstrip('\n').split('\t')
        if word.isalpha() and word.isascii() and len(word) > 2:
            vocab[word] = int(count)
    index, exc = load_index(), load_exceptions()
    lemmas = {}  # word -> {(lemma, pos)}
    forms_of = {}  # (lemma, pos) -> {word}
    for word in vocab:
        for p in POS:
            for lemma in morphy(word, p, index, exc):
                lemmas.setdefault(word, set()).add((lemma, p))
                forms_of.setdefault((lemma, p), set()).add(word)

    pertains = {}
    for adj, noun in proper_pertainyms():
        pertains.setdefault((adj, 'a'), set()).add((noun, 'n'))
        pertains.setdefault((noun, 'n'), set()).add((adj, 'a'))

    def forms(lemma, p):
        return {w for w in forms_of.get((lemma, p), ()) if vocab[w] >= MIN_COUNT}

    def ranked(words, word):
        kept = sorted((w for w in words if w != word and w not in SKIP),
                      key=lambda w: (-vocab[w], w))
        return kept[:MAX_PER_LIST]

    print('# English expansions from WordNet 3.0 (Princeton University; WordNet 3.0 licence),')
    print('# Debian package wordnet-base, written by scripts/wordnet_synonyms.py (see there).')
    print('# word\tforms and derivations\tsynonyms (space-separated, corpus words only)')
    for word in sorted(lemmas):
        if vocab[word] < 1:
            continue
        related, synonyms, inflections = set(), set(), set()
        for lemma, p in lemmas[word]:
            if lemma in SKIP:
                # Only its own inflections (took: take, taken, taking).
                inflections |= forms(lemma, p)
                continue
            related |= forms(lemma, p)
            for other, q in pertains.get((lemma, p), ()):
                related |= forms(other, q)
            offsets = index[(lemma, p)]
            for k, offset in enumerate(offsets[:max(SYNONYM_SENSES, DERIVATION_SENSES)]):
                words, ptrs = synset(p, offset)
                if lemma not in words:
                    continue
                me = words.index(lemma) + 1
                if k < DERIVATION_SENSES:
                    for sym, off, pp, src, dst in ptrs:
                        if sym == '+' and src == me and pp in POS:
                            target = synset(pp, off)[0][dst - 1]
                            related |= forms(target, pp)
                if k < SYNONYM_SENSES:
                    for w in words:
                        if '_' not in w and w != lemma:
                            synonyms |= forms(w, p)
        synonyms -= related
        inflections -= {word}
        related = sorted(inflections, key=lambda w: (-vocab[w], w)) + [
            w for w in ranked(related, word) if w not in inflections]
        related, synonyms = related[:MAX_PER_LIST], ranked(synonyms, word)
        if related or synonyms:
            print(f"{word}\t{' '.join(related)}\t{' '.join(synonyms)}")


if __name__ == '__main__':
    main()
