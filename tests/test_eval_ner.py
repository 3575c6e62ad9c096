"""`eval ner`: the CoNLL reader, span-to-token mapping, conlleval-style counts, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sukien.errors import EvaluationError
from sukien.evaluate import ner
from sukien.evaluate.ner import chunks, evaluate_ner, read_conll, score_system, spans_to_tags

SAMPLE = Path(__file__).parent / "data" / "ner_sample.conll"


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "gold.conll"
    path.write_text(content, encoding="utf-8")
    return path


def test_sample_is_read_and_sentences_rebuilt():
    sentences = read_conll(SAMPLE)
    assert len(sentences) == 6
    assert sum(len(s.tokens) for s in sentences) == 66
    first = sentences[0]
    assert first.text.startswith("Bộ trưởng Ngoại giao Đoàn Thị Ngọc Lan tiếp Đại sứ Nhật Bản")
    for sentence in sentences:
        for token, (start, end) in zip(sentence.tokens, sentence.offsets):
            assert sentence.text[start:end] == token.replace("_", " ")
    assert first.line == 1 and sentences[1].line == 13


def test_extra_columns_comments_and_blank_lines(tmp_path):
    path = _write(tmp_path, "# a comment\n-DOCSTART- O\n\n\nÔng N O\nLê_Văn_Tám Np B-PER\n# O\n\n\n"
                            "Hà_Nội Np B-NP B-LOC\n")
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [("Ông", "Lê_Văn_Tám", "#"), ("Hà_Nội",)]
    assert [s.tags for s in sentences] == [("O", "B-PER", "O"), ("B-LOC",)]
    assert sentences[1].line == 10


@pytest.mark.parametrize("content, line", [
    ("Ông O\nLê\n", 2),
    ("Ông O\n\nLê X-PER\n", 3),
    ("Ông O\nLê B-\n", 2),
])
def test_malformed_lines_are_named(tmp_path, content, line):
    path = _write(tmp_path, content)
    with pytest.raises(EvaluationError, match=f"{path}:{line}:"):
        read_conll(path)


def test_missing_file_is_an_evaluation_error(tmp_path):
    with pytest.raises(EvaluationError, match="cannot read"):
        read_conll(tmp_path / "nope.conll")


@pytest.mark.parametrize("tags, expected", [
    (["B-PER", "I-PER", "O", "B-LOC", "B-LOC"], {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")}),
    (["I-ORG", "I-ORG", "O"], {(0, 2, "ORG")}),
    (["B-PER", "I-LOC", "I-LOC"], {(0, 1, "PER"), (1, 3, "LOC")}),
    (["O"], set()),
])
def test_chunks_follow_conlleval(tags, expected):
    assert chunks(tags) == expected


def test_spans_map_onto_the_tokens_they_overlap():
    offsets = [(0, 3), (4, 13), (14, 18), (19, 25)]  # "Ông Lê Văn Tám thăm Hà Nội"
    assert spans_to_tags([(4, 13, "PER"), (19, 21, "LOC")], offsets) == ["O", "B-PER", "O", "B-LOC"]
    assert spans_to_tags([(0, 13, "PER"), (4, 9, "LOC")], offsets) == ["B-PER", "I-PER", "O", "O"]


# A stand-in recognizer whose answers on the sample were counted by hand.
STUB_NAMES = {
    "Đoàn Thị Ngọc Lan": "PERSON",  # right
    "Haruto": "PERSON",  # half of "Haruto Kobayashi": wrong
    "Sáng": "PERSON",  # not a name: wrong
    "Nhật Bản": "COUNTRY", "Hà Nội": "LOC", "Lào": "COUNTRY",  # right (COUNTRY counts as LOC)
    "Công ty Thép Đông Sơn": "ORG", "Liên Hợp Quốc": "ORG",  # right
    "Bộ Ngoại giao": "ORG",  # gold is "Bộ Ngoại giao Pháp": wrong
}


def stub_recognizer(text: str) -> list[tuple[int, int, str]]:
    found = []
    for name, kind in STUB_NAMES.items():
        at = text.find(name)
        while at >= 0:
            found.append((at, at + len(name), kind))
            at = text.find(name, at + 1)
    return found


def test_sample_counts_by_hand():
    scores = score_system(read_conll(SAMPLE), stub_recognizer).as_dict()
    counts = {kind: (s["correct"], s["predicted"], s["gold"]) for kind, s in scores.items()}
    assert counts == {"PER": (1, 3, 6), "LOC": (3, 3, 4), "ORG": (2, 3, 3), "micro": (6, 9, 13)}
    assert scores["micro"]["precision"] == round(6 / 9, 4)
    assert scores["micro"]["recall"] == round(6 / 13, 4)


def test_limit_and_missing_underthesea(monkeypatch):
    monkeypatch.setattr(ner, "sukien_recognizer", lambda tagger_only=False: ("stub", stub_recognizer))
    monkeypatch.setattr(ner, "underthesea_recognizer", lambda: None)
    report = evaluate_ner(SAMPLE, limit=2)
    assert report.sentences == 2 and report.tokens == 27
    assert list(report.systems) == ["stub"]
    assert report.notes == ["underthesea is not installed: comparison skipped"]
    assert report.systems["stub"].micro.gold == 7


def test_the_tagger_on_the_sample():
    report = evaluate_ner(SAMPLE, compare=False, tagger_only=True)
    scores = report.systems["sukien tagger"]
    assert {k: s.gold for k, s in scores.by_type.items()} == {"PER": 6, "LOC": 4, "ORG": 3}
    assert scores.micro.recall >= 0.75 and scores.micro.precision >= 0.75


def test_underthesea_words_map_to_character_spans():
    text = "Ông Lê Văn Tám thăm Hà Nội và Liên Hợp Quốc"
    rows = [("Ông", "Nc", "B-NP", "O"), ("Lê Văn Tám", "Np", "B-NP", "B-PER"), ("thăm", "V", "B-VP", "O"),
            ("Hà", "Np", "B-NP", "B-LOC"), ("Nội", "Np", "I-NP", "I-LOC"), ("và", "CC", "O", "O"),
            ("Liên Hợp Quốc", "Np", "B-NP", "B-MISC"), ("missing", "X", "O", "B-PER")]
    assert ner._chunk_words(text, rows) == [(4, 14, "PER"), (20, 26, "LOC")]


def _cli() -> typer.Typer:
    from sukien.cli.evaluate_ner import register

    app, eval_app = typer.Typer(), typer.Typer()
    register(eval_app)
    app.add_typer(eval_app, name="eval")
    return app


def test_cli_json(monkeypatch):
    monkeypatch.setattr(ner, "sukien_recognizer", lambda tagger_only=False: ("stub", stub_recognizer))
    result = CliRunner().invoke(_cli(), ["eval", "ner", str(SAMPLE), "--json", "--no-compare"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sentences"] == 6 and data["systems"]["stub"]["micro"]["correct"] == 6


def test_cli_table_and_error(tmp_path, monkeypatch):
    monkeypatch.setattr(ner, "sukien_recognizer", lambda tagger_only=False: ("stub", stub_recognizer))
    result = CliRunner().invoke(_cli(), ["eval", "ner", str(SAMPLE), "--no-compare", "--limit", "1"])
    assert result.exit_code == 0 and "micro" in result.output
    bad = _write(tmp_path, "Ông O\nLê\n")
    result = CliRunner().invoke(_cli(), ["eval", "ner", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.output


# --- files of several tag columns, empty gold, predictions written -------------------------------

_FIVE_COLUMNS = ("Bộ_trưởng N B-NP O O\nLê_Văn_Tám Np B-NP B-PER O\nđến V B-VP O O\n"
                 "Hà_Nội Np B-NP B-LOC O\n. CH O O O\n")


def test_a_file_of_five_columns_is_read_by_its_ner_column_and_says_so(tmp_path):
    path = _write(tmp_path, _FIVE_COLUMNS)
    report = evaluate_ner(path, compare=False)
    assert report.systems["sukien"].micro.gold == 2
    assert any("5 columns; column 4 read as the NER tag" in note for note in report.notes)
    chosen = evaluate_ner(path, compare=False, tag_column=4)  # the nested column, 0-based: all O
    assert chosen.systems["sukien"].micro.gold == 0
    assert any("holds no names" in note for note in chosen.notes)


def test_the_command_writes_predictions_and_times_each_system(tmp_path):
    from typer.testing import CliRunner

    from sukien.cli import _register_all, app
    _register_all()
    path, out = _write(tmp_path, _FIVE_COLUMNS), tmp_path / "pred.conll"
    result = CliRunner().invoke(app, ["eval", "ner", str(path), "--no-compare", "--tag-column", "4",
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "sukien:" in result.output and "of CPU" in result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    assert [row[:2] for row in rows][1] == ["Lê_Văn_Tám", "B-PER"] and len(rows[1]) == 3
