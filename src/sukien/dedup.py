"""Near-duplicate articles: MinHash over word shingles, looked up with LSH.

Syndicated news is republished with a changed headline, a trimmed last paragraph or
other whitespace; such a copy must not add its events again. Texts are folded
(case, diacritics, Đ/đ) and cut into overlapping word 3-grams; two articles whose
estimated Jaccard similarity is at least ``THRESHOLD`` are near-duplicates.

Signatures are plain bytes (``NUM_PERM`` unsigned 32-bit values of ``SCHEME``) so the store can
keep them in a table and rebuild the in-memory index across runs without rehashing
any text. Texts shorter than ``MIN_WORDS`` are too short to judge and are skipped
(exact duplicates are still caught by the content hash).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from sukien.normalize.fold import fold

NUM_PERM = 128
SCHEME = "affine32"  # pinned: stored signatures are only comparable within one scheme
THRESHOLD = 0.8
SHINGLE = 3
MIN_WORDS = 25


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = fold(text).split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of ``text``, or None when it is too short to compare."""
    if len(fold(text).split()) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index of article signatures: which stored article is this text a copy of?"""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: str) -> bool:
        return key in self._signatures

    def add(self, key: str, minhash: MinHash) -> None:
        self.remove(key)
        self._lsh.insert(key, minhash)
        self._signatures[key] = minhash

    def add_many(self, items: Iterable[tuple[str, MinHash]]) -> None:
        with self._lsh.insertion_session() as session:
            for key, minhash in items:
                if key in self._signatures:
                    continue
                session.insert(key, minhash)
                self._signatures[key] = minhash

    def remove(self, key: str) -> None:
        if key in self._signatures:
            self._lsh.remove(key)
            del self._signatures[key]

    def best(self, minhash: MinHash, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar stored article at or above the threshold (ties: smallest key)."""
        found = []
        for key in self._lsh.query(minhash):
            if key == exclude:
                continue
            similarity = float(minhash.jaccard(self._signatures[key]))
            if similarity >= self.threshold:
                found.append((-similarity, key))
        if not found:
            return None
        similarity, key = min(found)
        return key, -similarity
