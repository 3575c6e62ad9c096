"""Stage 2, normalize: one Unicode form and one tone-mark convention, offsets kept.

The pipeline works on the normalized text; ``OffsetMap`` turns its spans back into
spans of the body as given, which is what the JSON contract and the UI need.
"""
from sukien.normalize.fold import fold, fold_same_length
from sukien.normalize.unicode import OffsetMap, normalize_text

__all__ = ["OffsetMap", "fold", "fold_same_length", "normalize_text"]
