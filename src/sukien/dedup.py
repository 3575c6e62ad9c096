"""Near-duplicate articles: MinHash over word shingles, looked up with LSH.

Syndicated news is republished with a changed headline, a trimmed last paragraph or
other whitespace; such a copy must not add its events again. Texts are folded
(case, diacritics, Đ/đ) and cut into overlapping word 3-grams; two articles whose
estimated Jaccard similarity is at least ``THRESHOLD`` are near-duplicates.

Signatures are plain bytes (``NUM_PERM`` unsigned 32-bit values of ``SCHEME``) kept in a
table; so are their LSH band keys (``band_keys``: ``BANDS`` bands of ``ROWS`` values, the
banding datasketch's ``MinHashLSH`` picks for ``THRESHOLD``), so that finding the stored
articles a text may copy is one indexed lookup and no index of every signature has to
be held in memory. Texts shorter than ``MIN_WORDS`` are too short to judge and are skipped
(exact duplicates are still caught by the content hash).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from sukien.normalize.fold import fold

NUM_PERM = 128
SCHEME = "affine32"  # pinned: stored signatures are only comparable within one scheme
THRESHOLD = 0.8
SHINGLE = 3
MIN_WORDS = 25
BANDS, ROWS = 9, 13  # MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).b, .r: pinned like SCHEME


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    return _shingles_of(fold(text).split(), size)


def _shingles_of(words: list[str], size: int) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str) -> MinHash | None:
    """The MinHash of ``text``, or None when it is too short to compare."""
    words = fold(text).split()
    if len(words) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(sorted(_shingles_of(words, SHINGLE)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


@lru_cache(maxsize=8192)
def band_keys(signature: bytes) -> tuple[int, ...]:
    """The LSH bucket of each band of a signature, as signed 64-bit integers (one index column).

    Two signatures share a bucket exactly when datasketch's ``MinHashLSH`` would put them in
    one bucket (up to 64-bit hash collisions, which only add candidates to verify)."""
    width = ROWS * 4  # bytes of one band
    return tuple(int.from_bytes(hashlib.blake2b(bytes([band]) + signature[band * width:(band + 1) * width],
                                                digest_size=8).digest(), "big", signed=True)
                 for band in range(BANDS))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (the share of equal values)."""
    return float(np.count_nonzero(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32))) / NUM_PERM
