"""The decision layer: candidates weighed by a trained model, with calibrated confidence.

The shipped model is checked for what it is (weights over features, a calibration, a
threshold, built from the corpus format the features read); the training and
cross-validation procedure runs end to end on a small gold folder written here.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sukien import extract
from sukien.events import EVERY_CANDIDATE
from sukien.events.decisions import DecisionModel, calibrate, shipped_model
from sukien.model import Article
from sukien.pipeline import configured, run

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
NEEDS_CORPUS = pytest.mark.skipif(not CORPUS.is_dir(),
                                  reason="the development corpus (../shared/corpus/dev) is not beside the project")


def _candidates(text: str):
    return run(Article(text=text, published=date(2026, 5, 14)), configured(model=EVERY_CANDIDATE)).events


def test_the_shipped_model_is_weights_a_calibration_and_a_threshold():
    model = shipped_model()
    assert model is not None and len(model.weights) > 100
    assert 0.0 < model.threshold < 1.0
    raw, calibrated = model.calibration
    assert list(raw) == sorted(raw) and list(calibrated) == sorted(calibrated)
    assert all(0.0 <= y <= 1.0 for y in calibrated)
    assert model.meta["articles"] > 100 and model.meta["candidates"] > model.meta["articles"]
    # weights over feature names, never article text: no name is longer than a trigger and its neighbours
    assert max(len(name) for name in model.weights) < 80


def test_calibration_interpolates_between_its_points_and_clips_outside():
    table = ((0.1, 0.5, 0.9), (0.0, 0.4, 1.0))
    assert calibrate(table, 0.0) == 0.0 and calibrate(table, 1.0) == 1.0
    assert calibrate(table, 0.3) == pytest.approx(0.2)
    assert calibrate(table, 0.7) == pytest.approx(0.7)


def test_a_model_round_trips_through_its_json_and_a_wrong_format_is_refused():
    model = DecisionModel({"bias": 0.5, "root=04": 1.0}, -0.2, ((0.1, 0.9), (0.05, 0.95)), 0.5, {"corpus": "x"})
    again = DecisionModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    from sukien.errors import DataFileError
    with pytest.raises(DataFileError, match="format"):
        DecisionModel.from_json({**model.to_json(), "format": 99}, "model.json")


def test_every_event_carries_a_confidence_at_or_above_the_threshold():
    text = ("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào tại Hà Nội ngày 12/5. "
            "Hai bên nhất trí tăng cường hợp tác kinh tế. Ông An cũng tiếp Đại sứ Nhật Bản.")
    events = extract(text, published="2026-05-14").events
    threshold = shipped_model().threshold
    assert events and all(threshold <= e["confidence"] <= 1.0 for e in events)
    everything = extract(text, published="2026-05-14", min_confidence=0.0).events
    assert len(everything) >= len(events)
    assert {e["trigger"]["start"] for e in events} <= {e["trigger"]["start"] for e in everything}
    assert extract(text, published="2026-05-14", min_confidence=1.0).events == () or all(
        e["confidence"] == 1.0 for e in extract(text, published="2026-05-14", min_confidence=1.0).events)


def test_a_confidence_out_of_range_is_refused():
    from sukien.errors import PipelineError
    with pytest.raises(PipelineError, match="between 0 and 1"):
        extract("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.", min_confidence=1.5)


def test_what_the_rules_would_reject_stays_a_doubted_candidate():
    # a commitment with no second party: the rules alone drop it; it stays a candidate, doubted, with the
    # actor named after it as a guessed second party
    events = _candidates("Thủ tướng Lê Văn An cam kết hỗ trợ, khi tiếp Đại sứ Nhật Bản.")
    doubted = [e for e in events if e.cameo.startswith("03")]
    assert {e.doubts for e in doubted} >= {("no_target",), ("no_target", "guessed_target", "guessed_after")}
    rules = extract("Thủ tướng Lê Văn An cam kết hỗ trợ, khi tiếp Đại sứ Nhật Bản.", published="2026-05-14",
                    rules_only=True).events
    assert [e["cameo"] for e in rules] == ["043"]


def test_a_subject_left_unsaid_is_borrowed_from_the_sentence_before():
    events = _candidates("Bộ trưởng Lê Văn An đến Viêng Chăn sáng nay. Sau đó hội đàm với Bộ trưởng Ngoại giao Lào.")
    talks = [e for e in events if e.cameo == "046"]
    assert talks and talks[0].source == ("discovered:person:le-van-an",) and "borrowed_source" in talks[0].doubts


# --- training and cross-validation, end to end on a gold folder written here --------------------------

_MEETINGS = [
    ("Bộ trưởng Lê Văn An hội đàm với Bộ trưởng Ngoại giao Lào.", "MEET_TALKS", ["Lê Văn An", "Lào"]),
    ("Thủ tướng Trần Minh Khôi tiếp Đại sứ Nhật Bản.", "HOST_RECEIVE", ["Trần Minh Khôi", "Nhật Bản"]),
    ("Chủ tịch Phạm Quốc Bảo điện đàm với Tổng thống Pháp.", "PHONE_CALL", ["Phạm Quốc Bảo", "Pháp"]),
    ("Bộ trưởng Đỗ Thành Nam thăm chính thức Campuchia.", "VISIT", ["Đỗ Thành Nam", "Campuchia"]),
    ("Phó Thủ tướng Vũ Đức Hải gặp Bộ trưởng Thương mại Ấn Độ.", "MEET_TALKS", ["Vũ Đức Hải", "Ấn Độ"]),
    ("Thứ trưởng Ngô Thị Lan hội đàm với Thứ trưởng Ngoại giao Thái Lan.", "MEET_TALKS", ["Ngô Thị Lan", "Thái Lan"]),
]


def _gold_folder(folder: Path) -> Path:
    articles, events, folds = [], [], {}
    for i in range(12):
        sentence, kind, (person, country) = _MEETINGS[i % len(_MEETINGS)]
        text = f"Tin đối ngoại số {i}\n{sentence} Thời tiết hôm nay đẹp."
        article_id = f"a{i}"
        articles.append({"id": article_id, "title": f"Tin đối ngoại số {i}", "text": text,
                         "published": "2026-05-14"})
        start = text.index(sentence)
        events.append({
            "event_id": f"{article_id}#E1", "article_id": article_id, "event_type": kind, "subtype": None,
            "trigger": "", "date": None, "location": None, "modality": "asserted",
            "actors": [{"name": person, "canonical": person, "canonical_vi": person, "kind": "PER",
                        "country": "Vietnam", "participant_role": "source", "mention_type": "name"},
                       {"name": country, "canonical": country, "canonical_vi": country, "kind": "COUNTRY",
                        "country": country, "participant_role": "target", "mention_type": "name"}],
            "evidence": [sentence], "evidence_spans": [[start, start + len(sentence)]],
        })
        folds[article_id] = i % 3
    (folder / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                           encoding="utf-8")
    (folder / "events.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                                         encoding="utf-8")
    (folder / "folds.json").write_text(json.dumps({"folds": folds}), encoding="utf-8")
    return folder


def test_cross_validation_trains_on_the_other_folds_and_pools_them(tmp_path):
    pytest.importorskip("sklearn")
    from sukien.evaluate.crossval import cross_validate
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles, load_folds

    folder = _gold_folder(tmp_path)
    gold, folds = load_gold(folder), load_folds(folder / "folds.json")
    rows = labelled_articles(gold, folds)
    assert [row.fold for row in rows] == [i % 3 for i in range(12)]
    assert sum(sum(row.labels) for row in rows) >= 10  # the rules find most of these meetings
    cv = cross_validate(gold, folds, rows=rows)
    assert len(cv.folds) == 3 and sum(f.gold for f in cv.folds) == cv.pooled.gold == 12
    assert sum(f.matched for f in cv.folds) == cv.pooled.matched
    assert cv.pooled.precision >= 0.9 and cv.pooled.recall >= 0.5


def _cli():
    from sukien.cli import _register_all, app
    _register_all()
    return app


def test_the_eval_command_prints_pooled_and_per_fold_figures_as_json(tmp_path):
    pytest.importorskip("sklearn")
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    result = CliRunner().invoke(_cli(), ["eval", "events", str(folder), "--folds", str(folder / "folds.json"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert set(figures["pooled"]) >= {"precision", "recall", "f1", "date_accuracy", "place_accuracy"}
    assert len(figures["folds"]) == 3 and all("threshold" in fold for fold in figures["folds"])
    assert 0.0 <= figures["calibration"]["error"] <= 1.0


def test_refits_show_how_far_one_fit_s_figures_move(tmp_path):
    pytest.importorskip("sklearn")
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    result = CliRunner().invoke(_cli(), ["eval", "events", str(folder), "--folds", str(folder / "folds.json"),
                                         "--refits", "3", "--json"])
    assert result.exit_code == 0, result.output
    refits = json.loads(result.output)["refits"]
    assert refits["regularization"] == [0.15, 0.2, 0.25]
    for name in ("precision", "recall", "f1"):
        assert len(refits[name]) == 3
        assert min(refits[name]) <= refits["mean"][name] <= max(refits[name])
    # the middle refit is the default fit, not fitted a second time
    assert refits["f1"][1] == json.loads(result.output)["pooled"]["f1"]


def test_fold_models_saved_by_one_run_are_held_fixed_in_the_next(tmp_path):
    pytest.importorskip("sklearn")
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    saved = tmp_path / "before"
    args = ["eval", "events", str(folder), "--folds", str(folder / "folds.json"), "--json"]
    fitted = CliRunner().invoke(_cli(), args + ["--save-fold-models", str(saved)])
    assert fitted.exit_code == 0, fitted.output
    assert sorted(p.name for p in saved.iterdir()) == ["fold-0.json", "fold-1.json", "fold-2.json"]
    held = CliRunner().invoke(_cli(), args + ["--fold-models", str(saved)])
    assert held.exit_code == 0, held.output
    before, after = json.loads(fitted.output), json.loads(held.output)
    assert after["pooled"] == before["pooled"]  # the same candidates and the same models: the same events
    assert [f["threshold"] for f in after["folds"]] == [f["threshold"] for f in before["folds"]]


def test_held_models_apply_to_changed_candidates_without_refitting(tmp_path):
    pytest.importorskip("sklearn")
    from sukien.evaluate.crossval import cross_validate, load_fold_models, save_fold_models
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles, load_folds

    folder = _gold_folder(tmp_path)
    gold, folds = load_gold(folder), load_folds(folder / "folds.json")
    rows = labelled_articles(gold, folds)
    save_fold_models(cross_validate(gold, folds, rows=rows).models, tmp_path / "before")
    held = load_fold_models(tmp_path / "before")
    # a "rule" that loses every candidate of fold 0: its events go, the other folds' stay as they were
    changed = [replace(row, features=(), labels=(), dates=(), candidates=replace(row.candidates, events=()))
               if row.fold == 0 else row for row in rows]
    before, after = cross_validate(gold, folds, rows=rows, models=held), cross_validate(gold, folds, rows=changed,
                                                                                       models=held)
    assert after.folds[0].predicted == 0 and after.folds[1:] == before.folds[1:]
    assert {fold: m.decisions.threshold for fold, m in after.models.items()} == {
        fold: m.decisions.threshold for fold, m in held.items()}


def test_saved_fold_models_are_never_overwritten_and_bad_ones_are_named(tmp_path):
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    args = ["eval", "events", str(folder), "--folds", str(folder / "folds.json")]
    saved = tmp_path / "before"
    saved.mkdir()
    (saved / "fold-0.json").write_text('{"fold": 0}', encoding="utf-8")
    kept = (saved / "fold-0.json").read_text(encoding="utf-8")
    result = CliRunner().invoke(_cli(), args + ["--save-fold-models", str(saved)])
    assert result.exit_code != 0 and "fold-0.json" in result.output and "already saved" in result.output
    assert (saved / "fold-0.json").read_text(encoding="utf-8") == kept
    result = CliRunner().invoke(_cli(), args + ["--fold-models", str(saved)])
    assert result.exit_code != 0 and "fold-0.json" in result.output and "not a saved fold model" in result.output
    result = CliRunner().invoke(_cli(), args + ["--fold-models", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "nowhere" in result.output
    result = CliRunner().invoke(_cli(), ["eval", "events", str(folder), "--fold-models", str(saved)])
    assert result.exit_code != 0 and "--folds" in result.output
    result = CliRunner().invoke(_cli(), args + ["--fold-models", str(saved), "--refits", "3"])
    assert result.exit_code != 0 and "held fixed" in result.output


def test_a_fold_without_a_held_model_is_refused(tmp_path):
    pytest.importorskip("sklearn")
    from sukien.errors import EvaluationError
    from sukien.evaluate.crossval import cross_validate, load_fold_models, save_fold_models
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles, load_folds

    folder = _gold_folder(tmp_path)
    gold, folds = load_gold(folder), load_folds(folder / "folds.json")
    rows = labelled_articles(gold, folds)
    models = cross_validate(gold, folds, rows=rows).models
    save_fold_models({fold: m for fold, m in models.items() if fold != 2}, tmp_path / "two")
    with pytest.raises(EvaluationError, match="fold 2"):
        cross_validate(gold, folds, rows=rows, models=load_fold_models(tmp_path / "two"))


def test_refits_need_folds(tmp_path):
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    result = CliRunner().invoke(_cli(), ["eval", "events", str(folder), "--refits", "3"])
    assert result.exit_code != 0 and "--folds" in result.output


def test_a_broken_folds_file_is_refused_naming_it(tmp_path):
    from typer.testing import CliRunner

    folder = _gold_folder(tmp_path)
    (folder / "folds.json").write_text("{\"folds\": 3}", encoding="utf-8")
    result = CliRunner().invoke(_cli(), ["eval", "events", str(folder), "--folds", str(folder / "folds.json")])
    assert result.exit_code != 0 and "folds.json" in result.output


@NEEDS_CORPUS
def test_the_shipped_model_reads_the_features_the_corpus_gives_today():
    """Built from the current corpus format and the current features: most features of the corpus's
    candidates are ones the model has a weight for."""
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles

    gold = load_gold(CORPUS)
    sample = type(gold)(gold.articles[:20], gold.events, gold.entities)
    rows = labelled_articles(sample)
    names = {name for row in rows for features in row.features for name in features}
    known = shipped_model().weights
    assert len(names & set(known)) / len(names) > 0.6
    assert any(label for row in rows for label in row.labels)


def test_entity_figures_by_fold_as_json(tmp_path):
    folder = _gold_folder(tmp_path)
    mentions = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for sentence, _, (person, _) in _MEETINGS:
            if sentence in article["text"]:
                start = article["text"].index(person)
                mentions.append({"article_id": article["id"], "start": start, "end": start + len(person),
                                 "type": "PER", "text": person})
    (folder / "entities.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mentions),
                                           encoding="utf-8")
    from typer.testing import CliRunner
    result = CliRunner().invoke(_cli(), ["eval", "entities", str(folder), "--folds", str(folder / "folds.json"),
                                         "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["pooled"]["PER"]["recall"] == 1.0 and figures["pooled"]["PER"]["gold"] == 12
    assert len(figures["folds"]) == 3 and sum(f["PER"]["gold"] for f in figures["folds"]) == 12
    assert set(figures["pooled"]) >= {"PER", "COUNTRY", "typed", "untyped", "linking"}


def _meeting_article(folder: Path) -> Path:
    article = folder / "bai.txt"
    article.write_text("Hội đàm Việt Nam – Lào\nThủ tướng Lê Văn An hội đàm với Thủ tướng Lào tại Hà Nội ngày 12/5. "
                       "Hai bên nhất trí tăng cường hợp tác kinh tế.", encoding="utf-8")
    return article


def test_extract_takes_a_confidence_threshold(tmp_path):
    from typer.testing import CliRunner
    article = _meeting_article(tmp_path)
    counts = []
    for threshold in ("0", "0.99"):
        result = CliRunner().invoke(_cli(), ["extract", str(article), "--published", "2026-05-14",
                                             "--min-confidence", threshold])
        assert result.exit_code == 0, result.output
        events = json.loads(result.output)["events"]
        assert all(e["confidence"] >= float(threshold) for e in events)
        counts.append(len(events))
    assert counts[0] > counts[1]
    refused = CliRunner().invoke(_cli(), ["extract", str(article), "--min-confidence", "2"])
    assert refused.exit_code != 0


def test_ingest_stores_only_events_at_least_as_sure_as_asked(tmp_path):
    from typer.testing import CliRunner

    from sukien.store import open_store
    from sukien.store.schema import event_mentions
    from sqlalchemy import select
    article = _meeting_article(tmp_path)
    stored = []
    for threshold in ("0", "0.99"):
        db = tmp_path / f"t{threshold}.db"
        result = CliRunner().invoke(_cli(), ["ingest", str(article), "--db", f"sqlite:///{db}", "--published",
                                             "2026-05-14", "--min-confidence", threshold])
        assert result.exit_code == 0, result.output
        store = open_store(f"sqlite:///{db}")
        with store.engine.connect() as conn:
            confidences = [row.confidence for row in conn.execute(select(event_mentions.c.confidence))]
        store.close()
        assert all(c >= float(threshold) for c in confidences)
        stored.append(len(confidences))
    assert stored[0] > stored[1]


def test_events_and_the_api_filter_by_confidence(tmp_path):
    from typer.testing import CliRunner
    article = tmp_path / "bai.txt"
    article.write_text("Hội đàm Việt Nam – Lào\nThủ tướng Lê Văn An hội đàm với Thủ tướng Lào tại Hà Nội ngày 12/5. "
                       "Hai bên nhất trí tăng cường hợp tác kinh tế. Ông An cũng tiếp Đại sứ Nhật Bản.",
                       encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert runner.invoke(_cli(), ["ingest", str(article), "--db", db, "--published", "2026-05-14",
                                  "--min-confidence", "0"]).exit_code == 0
    counts = []
    for threshold in ("0", "0.9"):
        listed = runner.invoke(_cli(), ["events", "--db", db, "--format", "jsonl", "--min-confidence", threshold])
        assert listed.exit_code == 0, listed.output
        counts.append(len([line for line in listed.output.splitlines() if line.startswith("{")]))
    assert counts[0] > counts[1]
    bad = runner.invoke(_cli(), ["events", "--db", db, "--min-confidence", "3"])
    assert bad.exit_code == 2 and "--min-confidence" in bad.output

    from fastapi.testclient import TestClient

    from sukien.api.app import create_app
    from sukien.api.settings import ApiSettings
    with TestClient(create_app(settings=ApiSettings(db=db))) as client:
        everything = client.get("/api/events", params={"min_confidence": 0}).json()
        sure = client.get("/api/events", params={"min_confidence": 0.9}).json()
        assert len(everything["items"]) == counts[0] and len(sure["items"]) == counts[1]
        assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422
