#!/usr/bin/env python3
"""Train the decision layer and the dating model on an annotated corpus and write the models that ship.

    pip install -e '.[train]'
    python scripts/train_decisions.py ../shared/corpus/dev \
        [--out src/sukien/data/models/decisions.json] [--dating-out src/sukien/data/models/dating.json]

Runs the rules on every gold article, labels each candidate event by the corpus's
matching rule, fits the logistic model on all articles (calibration and threshold
from held-out folds, ``folds.json`` beside the articles), fits the dating model on
the date options of the candidates paired with dated gold events, and writes
weights over features: no article text. ``sukien eval events GOLD --folds FOLDS``
measures what this procedure gives on articles it did not see.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from sukien.errors import SukienError
from sukien.evaluate.gold import load_gold
from sukien.events.dating import MODEL_PATH as DATING_PATH
from sukien.events.decisions import MODEL_PATH
from sukien.learn.dataset import labelled_articles, load_folds
from sukien.learn.dating import fit_dating_model
from sukien.learn.fit import fit_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="folder with articles.jsonl, events.jsonl, folds.json")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--dating-out", type=Path, default=DATING_PATH)
    args = parser.parse_args()
    try:
        gold = load_gold(args.gold)
        rows = labelled_articles(gold, load_folds(args.gold / "folds.json"))
    except SukienError as error:
        raise SystemExit(f"train_decisions: {error}") from None
    gold_events = sum(len(gold.events.get(row.article_id, ())) for row in rows)
    corpus = f"{args.gold.name}: {len(rows)} articles, {gold_events} gold events"
    model = fit_model(rows, corpus=corpus)
    args.out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(model.weights)} weights, threshold {model.threshold:.3f}, "
          f"{model.meta['candidates']} candidates from {len(rows)} articles")
    dating = fit_dating_model(rows, corpus=corpus)
    args.dating_out.write_text(json.dumps(dating.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.dating_out}: {len(dating.weights)} weights, {dating.meta['pairs']} option pairs "
          f"from {dating.meta['events']} events")


if __name__ == "__main__":
    main()
