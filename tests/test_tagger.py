"""The statistical name tagger: names and types on invented sentences, offsets, the decoder."""
from __future__ import annotations

import itertools
import math

import pytest

from sukien.recognize.tagger import (
    TYPES, CrfModel, Lexicon, TaggedName, candidate_windows, default_tagger, shape, spans_from_labels, tag_names,
    tokenize,
)

# Invented sentences (names made up, none of them in the training data) and names the tagger
# must find with their types.
FINDS = [
    ("Thứ trưởng Ngoại giao Hứa Minh Khang tiếp Đại sứ Na Uy Ingvild Sørheim tại Hà Nội.",
     [("Hứa Minh Khang", "PER"), ("Ingvild Sørheim", "PER"), ("Hà Nội", "LOC")]),
    ("Tổng thống Brazil Renato Albuquerque sẽ thăm Việt Nam vào tháng tới.",
     [("Brazil", "LOC"), ("Renato Albuquerque", "PER"), ("Việt Nam", "LOC")]),
    ("Ông Quách Văn Toản, Giám đốc Công ty Cổ phần Thủy sản Bến Lội, cho biết đơn hàng tăng mạnh.",
     [("Quách Văn Toản", "PER"), ("Công ty Cổ phần Thủy sản Bến Lội", "ORG")]),
    ("Bà Oksana Melnyk, người phát ngôn Bộ Ngoại giao Ukraine, trả lời báo chí tại Kyiv.",
     [("Oksana Melnyk", "PER"), ("Kyiv", "LOC")]),
    ("Chủ tịch Quốc hội Lào Khamphet Vongsa hội kiến Thủ tướng Vũ Trọng Nghĩa.",
     [("Khamphet Vongsa", "PER"), ("Vũ Trọng Nghĩa", "PER")]),
    ("Đoàn công tác của tỉnh Quảng Bình đã thăm thành phố Vladivostok của Nga.",
     [("Quảng Bình", "LOC"), ("Vladivostok", "LOC"), ("Nga", "LOC")]),
]


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[n.start:n.end], n.type) for n in tag_names(text, [(0, len(text))])}


@pytest.mark.parametrize("text, names", FINDS)
def test_finds_invented_names_with_their_types(text, names):
    found = _found(text)
    for name in names:
        assert name in found, f"{name} not in {sorted(found)}"


@pytest.mark.parametrize("text", [
    "Sáng nay, trời mưa to ở nhiều nơi.",
    "Giá xăng dầu tiếp tục giảm trong tuần qua.",
])
def test_sentences_without_names_give_none(text):
    assert _found(text) == set()


@pytest.mark.parametrize("only_capitalised", [True, False])
def test_offsets_point_into_the_text_and_stay_in_their_sentence(only_capitalised):
    text = "  ".join(sentence for sentence, _ in FINDS)
    sentences, start = [], 0
    for sentence, _ in FINDS:
        at = text.index(sentence, start)
        sentences.append((at, at + len(sentence)))
        start = at + len(sentence)
    names = tag_names(text, sentences, only_capitalised=only_capitalised)
    assert names
    for name in names:
        assert isinstance(name, TaggedName) and name.type in TYPES
        assert 0.0 <= name.score <= 1.0
        piece = text[name.start:name.end]
        assert piece == piece.strip() and piece
        assert any(a <= name.start and name.end <= b for a, b in sentences)
    assert names == sorted(names, key=lambda n: n.start)


def test_windows_find_what_whole_sentences_find():
    for text, _ in FINDS:
        whole = tag_names(text, [(0, len(text))], only_capitalised=False)
        windows = tag_names(text, [(0, len(text))], only_capitalised=True)
        assert [(n.start, n.end, n.type) for n in windows] == [(n.start, n.end, n.type) for n in whole]


def test_only_the_given_sentences_are_tagged():
    text = "Ông Hứa Minh Khang đến. Bà Oksana Melnyk về."
    second = (text.index("Bà"), len(text))
    assert {text[n.start:n.end] for n in tag_names(text, [second])} == {"Oksana Melnyk"}
    assert tag_names(text, []) == []
    assert tag_names("", [(0, 0)]) == []


def test_tokens_keep_their_offsets():
    text = "Tổng thống Kim Jong-un (Triều Tiên) nói: 1.000 người ở TP.HCM."
    spans = tokenize(text)
    assert "".join(text[a:b] for a, b in spans) == "".join(text.split())
    assert [text[a:b] for a, b in spans][2:6] == ["Kim", "Jong", "-", "un"]
    assert "TP.HCM" in [text[a:b] for a, b in spans]
    assert tokenize(text, 11, 14) == [(11, 14)]


@pytest.mark.parametrize("token, expected", [
    ("Hòa", "Aa"), ("ASEAN", "AA"), ("2025", "0"), ("ngày", "a"), (",", "p"), ("TP.HCM", "AA."),
    ("McCain", "AaA"), ("V", "A"), ("G20", "a0"),
])
def test_shape(token, expected):
    assert shape(token) == expected


@pytest.mark.parametrize("labels, spans", [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
    (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
    (["O", "O"], []),
])
def test_spans_from_labels(labels, spans):
    assert spans_from_labels(labels) == spans


def test_candidate_windows_cover_capitalised_stretches():
    tokens = "sáng nay Bộ Giáo dục và Đào tạo họp với Liên minh châu Âu tại Brussels .".split()
    windows = [" ".join(tokens[w.start:w.stop]) for w in candidate_windows(tokens)]
    assert windows == ["Bộ Giáo dục và Đào tạo họp", "Liên minh châu Âu tại Brussels"]
    assert candidate_windows("không có tên nào".split()) == []


def _tiny_model() -> CrfModel:
    labels = ["O", "B-PER", "I-PER"]
    data = {"labels": labels,
            "transitions": [[0.5, 0.2, -3.0], [0.1, -1.0, 1.5], [0.3, -0.5, 0.4]],
            "state": {"b": [0.2, -0.1, -0.3], "s=Aa": [-1.0, 1.2, 0.9], "w-1=ông": [-0.4, 1.1, 0.0],
                      "first": [0.6, -0.2, -0.8]}}
    lexicon = Lexicon(frozenset(), frozenset(), frozenset(), frozenset(), {})
    return CrfModel(data, lexicon)


def _brute_force(model: CrfModel, scores, first_o: bool, last_o: bool):
    size, outside = len(model.labels), model.outside
    trans = model.transitions
    totals = {}
    for path in itertools.product(range(size), repeat=len(scores)):
        total = sum(scores[t][y] for t, y in enumerate(path))
        total += sum(trans[a][b] for a, b in zip(path, path[1:]))
        total += trans[outside][path[0]] if first_o else 0.0
        total += trans[path[-1]][outside] if last_o else 0.0
        totals[path] = total
    z = sum(math.exp(v) for v in totals.values())
    marginals = [[sum(math.exp(v) for p, v in totals.items() if p[t] == y) / z for y in range(size)]
                 for t in range(len(scores))]
    return list(max(totals, key=totals.get)), marginals


@pytest.mark.parametrize("first_o, last_o", [(False, False), (True, False), (True, True)])
def test_decoder_matches_brute_force(first_o, last_o):
    model = _tiny_model()
    np = model.np
    tokens = ["Gặp", "ông", "Hứa", "Khang", "hôm", "nay"]
    rows, starts = [], []
    model.rows.add(tokens, [range(len(tokens))], rows, starts)
    scores = np.add.reduceat(model.weights[rows], starts, axis=0)
    best, marginals = _brute_force(model, scores.tolist(), first_o, last_o)
    flags = np.array([float(first_o)]), np.array([float(last_o)])
    assert model.viterbi(scores[None], *flags)[0].tolist() == best
    assert np.allclose(model.marginals(scores[None], *flags)[0], marginals)


# The tagger sums weight rows that ``FeatureRows`` finds without spelling the attributes out;
# they must be the rows of the attributes ``Features`` spells out for training, in order.
ROW_SENTENCES = [text for text, _ in FINDS] + [
    "Tại thủ đô Hà Nội , Bộ Ngoại giao và Công ty Cổ phần Vinamilk ký với Liên minh châu Âu .",
    "A | B || C : ông Nguyễn Văn An ( TP.HCM ) - Việt-Mỹ « Kim Jong - un » …",
    "Nga",
    "tổng thống Mỹ",
]


@pytest.mark.parametrize("text", ROW_SENTENCES)
def test_rows_are_the_rows_of_the_training_features(text):
    model = default_tagger()
    tokens = text.split(" ")
    for windows in ([range(len(tokens))], candidate_windows(tokens)):
        rows, starts = [], []
        model.rows.add(tokens, windows, rows, starts)
        expected = []
        for i in (i for window in windows for i in window):
            expected.append([0] + [model.index[a] for a in model.features(tokens)[i] if a in model.index])
        assert [rows[a:b] for a, b in itertools.pairwise([*starts, len(rows)])] == expected


def test_tokens_with_spaces_still_get_their_rows():
    model = default_tagger()
    tokens = ["Thủ", "đô", "Hà Nội", "và", "Bộ", "Ngoại", "giao"]
    rows, starts = [], []
    model.rows.add(tokens, [range(len(tokens))], rows, starts)
    expected = [[0] + [model.index[a] for a in feats if a in model.index] for feats in model.features(tokens)]
    assert [rows[a:b] for a, b in itertools.pairwise([*starts, len(rows)])] == expected


def test_batched_decoding_equals_one_window_at_a_time():
    model = default_tagger()
    np = model.np
    rng = np.random.default_rng(7)
    lengths = np.array([9, 6, 6, 3, 1, 1])
    scores = rng.normal(scale=3.0, size=(len(lengths), lengths[0], len(model.labels)))
    first_o, last_o = np.array([1.0, 0, 1, 1, 0, 1]), np.array([0.0, 1, 1, 0, 1, 1])
    paths = model.viterbi(scores, first_o, last_o, lengths)
    probabilities = model.marginals(scores, first_o, last_o, lengths)
    for k, n in enumerate(lengths):
        one = scores[k:k + 1, :n], first_o[k:k + 1], last_o[k:k + 1]
        assert paths[k, :n].tolist() == model.viterbi(*one)[0].tolist()
        assert (paths[k, n:] == model.outside).all()
        assert np.allclose(probabilities[k, :n], model.marginals(*one)[0], rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError):
        model.viterbi(scores, first_o, last_o, lengths[::-1])
