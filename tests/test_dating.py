"""Dating: an event whose sentence states no date takes one of the article's, chosen by a trained model.

The options and their features are checked on articles written here; the shipped model
for what it is (weights over option features, built from the corpus format); the
training on pairs of options runs end to end on a small gold folder written here, and
on the corpus when it is beside the project.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sukien.errors import DataFileError
from sukien.events import EVERY_CANDIDATE
from sukien.events.dating import DatingModel, article_date_options, dated, shipped_dating_model
from sukien.model import Article
from sukien.pipeline import configured, run

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
NEEDS_CORPUS = pytest.mark.skipif(not CORPUS.is_dir(),
                                  reason="the development corpus (../shared/corpus/dev) is not beside the project")

# Talks on the 10th, a press conference on the 11th told in between, then what the talks agreed:
# the agreement's sentence states no date of its own.
_TALKS = ("Chiều 10/3, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Lào Sonexay Siphandone tại Hà Nội. "
          "Ngày 11/3, hai Thủ tướng gặp gỡ báo chí. "
          "Hai Thủ tướng nhất trí tăng cường hợp tác trong lĩnh vực năng lượng.")


def _candidates(text: str, published: date = date(2026, 3, 12)):
    document = run(Article(text=text, published=published), configured(model=EVERY_CANDIDATE))
    return document, document.events


def _agreement(events):
    return next(e for e in events if e.trigger.span.text.startswith("nhất trí"))


def test_an_event_without_a_date_of_its_own_has_every_stated_date_and_the_publication_day_as_options():
    document, events = _candidates(_TALKS)
    agreement = _agreement(events)
    assert agreement.date.relation == "inferred"
    options = article_date_options(document, events)[events.index(agreement)]
    assert options[0].time == agreement.date and options[0].features["rule"] == 1.0
    starts = [o.time.start for o in options]
    assert {date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)} <= set(starts)
    assert all(o.time.relation == "inferred" for o in options)  # none is stated in the event's sentence
    by_day = {o.time.start: o.features for o in options}
    assert by_day[date(2026, 3, 10)].get("first_day") == 1.0
    assert by_day[date(2026, 3, 11)].get("latest_day") == 1.0
    assert by_day[date(2026, 3, 12)].get("publication") == 1.0


def test_a_date_stated_in_the_event_s_own_sentence_is_never_an_option():
    document, events = _candidates(_TALKS)
    talks = next(e for e in events if e.trigger.span.text == "hội đàm")
    assert talks.date.relation is None and talks.date.start == date(2026, 3, 10)
    assert article_date_options(document, events)[events.index(talks)] == []
    model = DatingModel(weights={"publication": 5.0}, meta={})
    assert dated(document, [talks], events, model)[0].date == talks.date


def test_what_is_said_is_never_dated_by_the_past_it_speaks_of():
    """An anniversary's bracketed days date the founding, not the message sent for it."""
    text = ("Hai nước kỷ niệm 50 năm thiết lập quan hệ ngoại giao (12/4/1976 - 12/4/2026). "
            "Bộ trưởng Trần Văn Hải gửi điện mừng Bộ trưởng Ngoại giao Lào.")
    document, events = _candidates(text, published=date(2026, 4, 12))
    message = next(e for e in events if e.cameo.startswith("05") or e.cameo.startswith("01"))
    assert message.date.relation == "inferred"
    options = article_date_options(document, events)[events.index(message)]
    assert options and all(o.time.start.year == 2026 for o in options)
    fond_of_the_past = DatingModel(weights={"rel=historical": 10.0, "gran=day": 1.0}, meta={})
    assert dated(document, [message], events, fond_of_the_past)[0].date.start.year == 2026


def test_the_model_picks_the_best_scored_option_and_the_rules_keep_a_tie():
    document, events = _candidates(_TALKS)
    agreement = _agreement(events)
    rules = dated(document, [agreement], events, DatingModel(weights={}, meta={}))[0]
    assert rules.date == agreement.date  # nothing weighed: the rules' own choice
    first = dated(document, [agreement], events, DatingModel(weights={"first_day": 2.0}, meta={}))[0]
    assert first.date.start == date(2026, 3, 10) and first.date.evidence.text == "Chiều 10/3"
    assert first.date.relation == "inferred"
    assert dated(document, [agreement], events, None) == [agreement]


def test_a_model_round_trips_through_its_json_and_a_wrong_format_is_refused():
    model = DatingModel(weights={"first_day": 0.5, "rule": 1.25}, meta={"corpus": "written here"})
    assert DatingModel.from_json(json.loads(json.dumps(model.to_json()))) == model
    with pytest.raises(DataFileError, match="format"):
        DatingModel.from_json({"format": 99, "weights": {}}, "dating.json")
    with pytest.raises(DataFileError, match="malformed"):
        DatingModel.from_json({"format": 1, "weights": {"rule": "much"}}, "dating.json")


def test_the_shipped_model_is_weights_over_option_features():
    model = shipped_dating_model()
    assert model is not None and len(model.weights) > 50
    assert "rule" in model.weights and model.meta["corpus"] and model.meta["pairs"] > 100
    # weights over feature names only: no sentence of any article
    assert all(len(name) < 60 for name in model.weights)


def test_pipeline_dates_what_it_keeps_with_the_shipped_model():
    """The stage's output: every kept event whose sentence states no date carries one of the article's
    dates (or the publication day), marked inferred; the talks keep their own."""
    document = run(Article(text=_TALKS, published=date(2026, 3, 12)))
    talks = next(e for e in document.events if e.trigger.span.text == "hội đàm")
    assert talks.date.start == date(2026, 3, 10) and talks.date.relation is None
    stated = {date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)}
    inferred = [e for e in document.events if e.date is not None and e.date.relation == "inferred"]
    assert inferred and all(e.date.start in stated for e in inferred)


def test_training_ranks_pairs_of_options_from_a_gold_folder(tmp_path):
    pytest.importorskip("sklearn")
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles
    from sukien.learn.dating import fit_dating_model, option_pairs

    folder = _dated_gold_folder(tmp_path)
    rows = labelled_articles(load_gold(folder))
    choices = [c for row in rows for c in row.dates if c.fits is not None]
    assert choices and all(any(c.fits) for c in choices)  # the talks' day is always among the options
    examples, labels = option_pairs(rows)
    assert examples and labels.count(1) == labels.count(0)
    model = fit_dating_model(rows)
    # the gold dates every agreement by the talks, told first: the model learns to prefer the first day
    for row in rows:
        for c in row.dates:
            if c.fits is not None:
                assert c.fits[model.best(c.features)]


def test_cross_validation_dates_each_fold_with_a_model_fitted_on_the_others(tmp_path):
    """The rules date each agreement by the press conference told just before it; the gold, by the talks.
    Each fold's dating model, fitted on the other folds, dates the held-out agreements by the talks."""
    pytest.importorskip("sklearn")
    from sukien.evaluate.crossval import cross_validate
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles

    folder = _dated_gold_folder(tmp_path)
    folds = {f"d{i}": i % 2 for i in range(8)}
    gold = load_gold(folder)
    rows = labelled_articles(gold, folds)
    rules = [c.fits[0] for row in rows for c in row.dates if c.fits is not None]
    assert rules and not any(rules)  # the rules' own choice never fits
    cv = cross_validate(gold, folds, rows=rows)
    assert cv.pooled.matched == 8 and cv.pooled.dated == [8, 8]


def _dated_gold_folder(folder: Path) -> Path:
    """Eight articles of talks, a later press conference, then an undated agreement dated by the talks."""
    articles, events = [], []
    for i in range(8):
        day = 3 + i
        text = (f"Chiều {day}/3, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Lào Sonexay Siphandone. "
                f"Ngày {day + 1}/3, hai Thủ tướng gặp gỡ báo chí. "
                "Hai Thủ tướng nhất trí tăng cường hợp tác trong lĩnh vực năng lượng.")
        article_id = f"d{i}"
        articles.append({"id": article_id, "title": "", "text": text, "published": f"2026-03-{day + 2:02d}"})
        sentence = "Hai Thủ tướng nhất trí tăng cường hợp tác trong lĩnh vực năng lượng."
        start = text.index(sentence)
        events.append({
            "event_id": f"{article_id}#E1", "article_id": article_id, "event_type": "AGREE_COMMIT",
            "subtype": None, "trigger": "nhất trí tăng cường hợp tác", "date": f"2026-03-{day:02d}", "location": None,
            "modality": "asserted",
            "actors": [{"name": name, "canonical": name, "canonical_vi": name, "kind": "PER", "country": country,
                        "participant_role": role, "mention_type": "name"}
                       for name, country, role in (("Phạm Minh Chính", "Vietnam", "source"),
                                                   ("Sonexay Siphandone", "Laos", "target"))],
            "evidence": [sentence], "evidence_spans": [[start, start + len(sentence)]],
        })
    (folder / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                           encoding="utf-8")
    (folder / "events.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                                         encoding="utf-8")
    return folder


@NEEDS_CORPUS
def test_the_shipped_model_reads_the_option_features_the_corpus_gives_today():
    """Built from the current corpus format and the current features: most features of the corpus's date
    options are ones the model has a weight for, and the corpus gives labelled options."""
    from sukien.evaluate.gold import load_gold
    from sukien.learn.dataset import labelled_articles

    gold = load_gold(CORPUS)
    sample = type(gold)(gold.articles[:20], gold.events, gold.entities)
    rows = labelled_articles(sample)
    names = {name for row in rows for c in row.dates for features in c.features for name in features}
    assert len(names & set(shipped_dating_model().weights)) / len(names) > 0.6
    assert any(c.fits and any(c.fits) for row in rows for c in row.dates)
