"""Near-duplicate signatures: equal to those datasketch wrote into stored databases, so stored keys stay comparable."""
import random

from datasketch import MinHash

from sukien import dedup
from sukien.normalize.fold import fold

WORDS = ("Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội hôm nay về hợp tác kinh tế "
         "đầu tư giáo dục quốc phòng an ninh Bộ trưởng Ngoại giao hội đàm với người đồng cấp").split()


def _datasketch(text: str) -> bytes | None:
    """The signature as datasketch computes it (the way the stored ones were written)."""
    words = fold(text).split()
    if len(words) < dedup.MIN_WORDS:
        return None
    minhash = MinHash(num_perm=dedup.NUM_PERM, scheme=dedup.SCHEME, permutations=dedup._permutations())
    minhash.update_batch(sorted(dedup._shingles_of(words, dedup.SHINGLE)))
    return dedup.to_bytes(minhash)


def test_signatures_and_band_keys_equal_datasketch_ones():
    rng = random.Random(7)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 400))) for _ in range(200)]
    texts.append(" ".join(["Hà Nội"] * 30))  # one shingle only
    compared = 0
    for text in texts:
        expected, found = _datasketch(text), dedup.signature(text)
        if expected is None:
            assert found is None
            continue
        compared += 1
        assert dedup.to_bytes(found) == expected
        assert dedup.band_keys(dedup.to_bytes(found)) == dedup.band_keys(expected)
    assert compared > 150


def test_a_near_copy_is_similar_and_another_text_is_not():
    rng = random.Random(3)
    text = " ".join(rng.choice(WORDS) for _ in range(300))
    copy = text + " Theo TTXVN."
    other = " ".join(rng.choice(WORDS) for _ in range(300))
    a, b, c = (dedup.to_bytes(dedup.signature(t)) for t in (text, copy, other))
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert dedup.similarity(a, c) < dedup.THRESHOLD
