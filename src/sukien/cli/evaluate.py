"""``sukien eval events|entities GOLD_DIR``: run the pipeline on gold articles and score it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sukien.cli.common import reports_errors
from sukien.evaluate import entities as entity_scores
from sukien.evaluate import events as event_scores
from sukien.evaluate.gold import load_gold
from sukien.contract import to_result
from sukien.pipeline import configured, process, run

GoldDir = Annotated[Path, typer.Argument(help="A folder with articles.jsonl, events.jsonl and entities.jsonl.")]


def _run(folder: Path):
    gold = load_gold(folder)
    return gold, [process(article) for article in gold.articles]


def _type_table(report: event_scores.EventReport) -> Table:
    table = Table("gold type", "gold", "matched", "recall")
    for kind in sorted({k for k, _ in report.by_type}):
        gold, matched = report.by_type[(kind, "gold")], report.by_type[(kind, "matched")]
        table.add_row(kind, str(gold), str(matched), f"{matched / gold:.2f}" if gold else "-")
    return table


def _print_errors(report: event_scores.EventReport, console: Console) -> None:
    console.print("[bold]Missed gold events[/bold]")
    for gold in report.misses:
        names = ", ".join(a["name"] for a in gold["actors"])
        console.print(f"  {gold['event_id']} {gold['event_type']} [{gold['trigger']}] {names}: "
                      f"{(gold['evidence'] or [''])[0][:160]}", markup=False)
    console.print("[bold]False events[/bold]")
    for article_id, event in report.false_events:
        console.print(f"  {article_id} {event['cameo']} {event['label_en']} {event['source']} → {event['target']}: "
                      f"{event['evidence'][0]['text'][:160]}", markup=False)


def _print_refits(spread, console: Console) -> None:
    from sukien.evaluate.crossval import refits_json

    figures = refits_json(spread)
    console.print(f"[bold]Refitted {len(spread)} times[/bold] (regularisation "
                  f"{figures['regularization'][0]:g}–{figures['regularization'][-1]:g})")
    for refit in spread:
        console.print(f"  {refit.regularization:<6g} precision {refit.pooled.precision:.3f}  recall "
                      f"{refit.pooled.recall:.3f}  F1 {refit.pooled.f1:.3f}", markup=False)
    mean = figures["mean"]
    console.print(f"  mean   precision {mean['precision']:.3f}  recall {mean['recall']:.3f}  F1 {mean['f1']:.3f}",
                  markup=False)


Folds = Annotated[Path | None, typer.Option(
    "--folds", help="folds.json: train the decision layer and the dating model on all folds but one, score "
                    "that one, pool the five.")]
Rules = Annotated[bool, typer.Option("--rules-only", help="Score the rules' own verdict, with no decision model.")]


@reports_errors
def events(folder: GoldDir, errors: Annotated[bool, typer.Option("--errors", help="List misses and false events.")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
           folds: Folds = None, rules_only: Rules = False,
           target: Annotated[float | None, typer.Option(
               "--target-precision", min=0.0, max=1.0,
               help="With --folds: pick each fold's threshold for this held-out precision "
                    "(default: the rules' own).")] = None,
           refit_count: Annotated[int, typer.Option(
               "--refits", min=0, max=20,
               help="With --folds: also cross-validate this many times with the decision layer "
                    "fitted at regularisation strengths within ±25% of the default, and print "
                    "each pooled figure and their mean (how much one fit's figures move).")] = 0,
           save_models: Annotated[Path | None, typer.Option(
               "--save-fold-models", help="With --folds: write each fold's decision and dating models "
                                          "to this new folder (fold-N.json), to hold fixed in a later run.")] = None,
           fixed_models: Annotated[Path | None, typer.Option(
               "--fold-models", help="With --folds: apply the fold models saved in this folder instead of "
                                     "fitting them: a rule's own effect, without the refit's noise.")] = None,
           ) -> None:
    """Event precision, recall and F1 by the corpus's matching rule; date, place and role accuracy.

    Without --folds the shipped decision model is scored on the folder: on the corpus it was
    trained on, that flatters it; --folds gives the cross-validated figures.
    To judge a change to the rules: --save-fold-models DIR on the code before it, then
    --fold-models DIR on the code after it.
    """
    from sukien.evaluate.crossval import (
        check_free_folder, cross_validate, load_fold_models, refits, refits_json, report_json, save_fold_models,
    )

    gold = load_gold(folder)
    cv, spread = None, []
    if refit_count and (folds is None or rules_only):
        raise typer.BadParameter("--refits needs --folds (and a decision layer to refit)", param_hint="--refits")
    for given, name in ((save_models, "--save-fold-models"), (fixed_models, "--fold-models")):
        if given is not None and (folds is None or rules_only):
            raise typer.BadParameter(f"{name} needs --folds (and a decision layer)", param_hint=name)
    if fixed_models is not None and (refit_count or target is not None):
        raise typer.BadParameter("models held fixed are not fitted: no --refits or --target-precision with them",
                                 param_hint="--fold-models")
    if folds is not None and not rules_only:
        from sukien.learn.dataset import labelled_articles, load_folds
        from sukien.learn.fit import REGULARIZATION

        assignment = load_folds(folds)
        held = load_fold_models(fixed_models) if fixed_models is not None else None
        if save_models is not None:
            check_free_folder(save_models)  # refused before the run, not after it
        rows = labelled_articles(gold, assignment)
        cv = cross_validate(gold, assignment, target=target, rows=rows, models=held)
        spread = refits(gold, rows, assignment, refit_count, target=target,
                        known={REGULARIZATION: cv.pooled}) if refit_count else []
        if save_models is not None:
            save_fold_models(cv.models, save_models)
        report = cv.pooled
    else:
        stages = configured(model=None) if rules_only else configured()
        report = event_scores.score_events(gold.events, [to_result(run(a, stages)) for a in gold.articles])
    if as_json:
        data = {"pooled": report_json(report)}
        if cv is not None:
            data |= {"folds": [report_json(r) | {"threshold": t} for r, t in zip(cv.folds, cv.thresholds)],
                     "calibration": {"error": cv.calibration.error, "bins": cv.calibration.rows()}}
        if spread:
            data["refits"] = refits_json(spread)
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    console = Console()
    console.print(_type_table(report))
    if errors:
        _print_errors(report, console)
    if cv is not None:
        console.print("[bold]Cross-validated by fold[/bold]", end=" ")
        console.print(f"(decision and dating models held fixed, read from {fixed_models})" if fixed_models is not None
                      else "(decision and dating models trained on the other four)", markup=False)
        for number, (fold, threshold) in enumerate(zip(cv.folds, cv.thresholds)):
            console.print(f"  fold {number}: precision {fold.precision:.3f}  recall {fold.recall:.3f}  "
                          f"F1 {fold.f1:.3f}  (threshold {threshold:.2f})", markup=False)
        console.print(f"calibration error {cv.calibration.error:.3f} (held-out candidates)", markup=False)
        if spread:
            _print_refits(spread, console)
        console.print("[bold]Pooled over the five folds[/bold]")
    for line in event_scores.summary_lines(report):
        console.print(line, markup=False)


@reports_errors
def entities(folder: GoldDir,
             errors: Annotated[bool, typer.Option("--errors", help="List missed and false mentions.")] = False,
             as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
             folds: Folds = None) -> None:
    """PER and COUNTRY mention precision/recall/F1 on exact offsets, and event-actor linking accuracy."""
    gold, results = _run(folder)
    report = entity_scores.score_entities(gold.entities, gold.events, results)
    per_fold = []
    if folds is not None:
        from sukien.learn.dataset import load_folds

        per_fold = entity_scores.by_fold(gold.entities, gold.events, results, load_folds(folds))
    if as_json:
        data = {"pooled": entity_scores.report_json(report)}
        if folds is not None:
            data["folds"] = [entity_scores.report_json(r) for r in per_fold]
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    console = Console()
    if errors:
        for line in report.errors:
            console.print(line, markup=False)
    for number, fold in enumerate(per_fold):
        console.print(f"fold {number}: PER+COUNTRY typed F1 {fold.all_typed.f1:.3f}  PER P {fold.typed['PER'].precision:.3f}"
                      f"  linking {fold.linking_accuracy:.3f}", markup=False)
    for line in entity_scores.summary_lines(report):
        console.print(line, markup=False)


@reports_errors
def fusion(
    folder: GoldDir,
    oracle: Annotated[bool, typer.Option(
        "--oracle", help="Fuse the gold events themselves: the fusion rules measured without extraction.")] = False,
    folds: Folds = None,
) -> None:
    """False-merge, missed-merge and duplicate rates of cross-article fusion against gold event ids.

    With --folds, each article's events are those its fold's decision model (trained on the
    other folds) keeps, so the figures are those of unseen news.
    """
    from sukien.evaluate.fusion import evaluate_fusion, oracle_results

    if oracle:
        report = evaluate_fusion(oracle_results(folder), folder)
    elif folds is not None:
        from sukien.evaluate.crossval import cross_validate
        from sukien.learn.dataset import load_folds

        cv = cross_validate(load_gold(folder), load_folds(folds))
        report = evaluate_fusion({r.article.id: r for r in cv.results}, folder)
    else:
        gold, results = _run(folder)
        report = evaluate_fusion({r.article.id: r for r in results}, folder)
    for line in report.lines():
        Console().print(line, markup=False)


def register(eval_app: typer.Typer) -> None:
    eval_app.command()(events)
    eval_app.command()(entities)
    eval_app.command()(fusion)
