"""Decoding a linear-chain CRF over a batch of windows of different lengths, with numpy.

``scores`` is windows × positions × labels; ``lengths`` (non-increasing) says how many
positions of each window are real, the rest being padding. Because the longest
windows come first, the windows still running at position ``t`` are a prefix of the
batch, and each step touches only that prefix: a whole article's windows are decoded
in one pass whose cost grows with its longest window, not with its number of windows.

``first_o`` / ``last_o`` (0 or 1 per window): an O label stands before / after the
window, so its transition is scored (exactly as a CRF scores a sentence whose other
labels are fixed to O).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def running(lengths: np.ndarray, size: int) -> list[int]:
    """How many windows (a prefix, ``lengths`` being non-increasing) reach past each position.

    Counted in plain Python: a batch holds a handful of windows, too few to pay for numpy calls."""
    remaining = lengths.tolist()
    counts = []
    for position in range(size + 1):
        while remaining and remaining[-1] <= position:
            remaining.pop()
        counts.append(len(remaining))
    return counts


def _lengths(scores: np.ndarray, lengths: np.ndarray | None) -> np.ndarray:
    if lengths is None:
        return np.full(len(scores), scores.shape[1])
    lengths = np.asarray(lengths)
    if (lengths[1:] > lengths[:-1]).any():
        raise ValueError("windows must come longest first")
    return lengths


def viterbi(scores: np.ndarray, first_o: np.ndarray, last_o: np.ndarray, transitions: np.ndarray,
            outside: int, lengths: np.ndarray | None = None) -> np.ndarray:
    """Best label paths (windows × positions); padding positions get the label ``outside``."""
    lengths = _lengths(scores, lengths)
    size = scores.shape[1]
    active = running(lengths, size)
    by_time = scores.transpose(1, 0, 2)
    best = by_time[0] + first_o[:, None] * transitions[outside]
    column = best[:, :, None]  # best as from-labels × 1, to add the transitions to
    highest = np.maximum.reduce  # ndarray.max without its Python wrapper
    back = []  # back[t - 1][window][label at t]: the best label before it
    for t in range(1, size):
        k = active[t]
        total = column[:k] + transitions
        back.append(total.argmax(axis=1).tolist())
        best[:k] = highest(total, axis=1) + by_time[t, :k]
    best = best + last_o[:, None] * transitions[:, outside]
    # Followed back in plain Python: a few windows of a few positions, too small for numpy calls.
    paths = []
    for window, (length, label) in enumerate(zip(lengths.tolist(), best.argmax(axis=1).tolist())):
        path = [outside] * size
        path[length - 1] = label
        for t in range(length - 2, -1, -1):
            label = back[t][window][label]
            path[t] = label
        paths.append(path)
    return np.array(paths, dtype=int).reshape(scores.shape[:2])


def marginals(scores: np.ndarray, first_o: np.ndarray, last_o: np.ndarray, step: np.ndarray,
              outside: int, lengths: np.ndarray | None = None) -> np.ndarray:
    """P(label at each position), windows × positions × labels, by scaled forward-backward
    (``step`` is exp(transitions)); padding positions hold a uniform 1/labels."""
    lengths = _lengths(scores, lengths)
    size = scores.shape[1]
    active = running(lengths, size)
    emit = np.exp(scores - scores.max(axis=2, keepdims=True)).transpose(1, 0, 2)
    alpha = np.ones(emit.shape)  # positions × windows × labels
    beta = np.ones(emit.shape)
    total = np.add.reduce  # ndarray.sum without its Python wrapper
    now = emit[0] * np.where(first_o[:, None] > 0, step[outside], 1.0)
    alpha[0] = now / total(now, axis=1, keepdims=True)
    for t in range(1, size):
        k = active[t]
        now = (alpha[t - 1, :k] @ step) * emit[t, :k]
        alpha[t, :k] = now / total(now, axis=1, keepdims=True)
    end = np.where(last_o[:, None] > 0, step[:, outside], 1.0)
    end /= total(end, axis=1, keepdims=True)
    back = step.T
    for t in range(size - 1, -1, -1):
        inner, ending = active[t + 1], active[t]  # windows going on past t; windows ending at t
        if inner:
            now = (emit[t + 1, :inner] * beta[t + 1, :inner]) @ back
            beta[t, :inner] = now / total(now, axis=1, keepdims=True)
        if ending > inner:
            beta[t, inner:ending] = end[inner:ending]
    product = alpha * beta
    return (product / total(product, axis=2, keepdims=True)).transpose(1, 0, 2)


def spans_from_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO labels → (first, last + 1, type) token ranges; a stray I- starts a name (conlleval)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(list(labels) + ["O"]):
        tag, _, this = label.partition("-")
        if kind and (tag != "I" or this != kind):
            spans.append((start, i, kind))
            kind = ""
        if tag == "B" or (tag == "I" and not kind):
            start, kind = i, this
    return spans
