"""Train sukien's name tagger (a CRF over syllables, BIO labels PER/LOC/ORG).

Training data, all redistributable:
  * scripts/training_data/sentences.txt  invented news sentences, labelled by hand;
  * scripts/training_data/templates.txt  sentence frames filled with invented names;
  * UD Vietnamese VTB (CC BY-SA 4.0): proper nouns labelled by distant supervision
    (knowledge base and gazetteer, then titles and place cues before the name, then
    Vietnamese family names); sentences with a name or a capitalised word whose type
    cannot be decided are left out.
Word lists for the features come from scripts/training_data/cues.txt, CLDR country
names (babel) and the project's knowledge base when it has data.

    .venv/bin/python scripts/train_tagger.py [--vtb DIR] [--dev-corpus DIR] [--out DIR]

Deterministic and offline. Writes tagger.json.gz (weights and word lists) and
tagger_training.json (data counts and held-out scores) to --out.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sukien.evaluate.ner import Scores  # noqa: E402
from sukien.recognize.tagger import (  # noqa: E402
    MODEL_FILE, TOKEN, CrfModel, Features, Lexicon, _VIETNAMESE, candidate_windows, export_model, load_model,
)

DATA = ROOT / "scripts" / "training_data"
DEFAULT_VTB = ROOT.parent / "shared" / "datasets" / "ud_vietnamese_vtb"
MARKUP = re.compile(r"\[(PER|LOC|ORG) ([^\]]+)\]")
SEED = 20261122
TRAINER_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
# Cues strong enough to decide a proper noun's type in the treebank (lower-cased).
STRONG_LOC = {"tại", "ở", "tỉnh", "thành phố", "tp", "tp.", "thủ đô", "huyện", "quận", "xã", "phường",
              "thị xã", "thị trấn", "làng", "thôn", "ấp", "phố", "đường", "sông", "núi", "đèo", "đảo",
              "vịnh", "bang", "miền", "châu", "nước"}
WEAK_PER = {"con", "vợ", "chồng", "bé", "cháu", "em", "cậu", "anh"}
# Capitalised words that are not names and may stand anywhere in a treebank sentence.
PLAIN_CAPITALS = {"nhà nước", "trung ương", "chính phủ", "tổng bí thư", "phó", "chủ tịch", "nhà", "tết",
                  "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "thủ tướng"}
PLAIN_ACRONYMS = {"HIV", "AIDS", "SV", "TNHH", "UBND", "HĐND", "THPT", "THCS", "CSGT", "DN", "NN", "PGS",
                  "TS", "GS", "TV", "XHCN", "TDTT", "HĐXX", "VKS", "BV", "CB", "TT", "NH", "GD", "QĐ",
                  "PTNT", "CTP", "SVHS", "ĐTDĐ", "KHĐT", "GTCC", "NVƠNN", "ĐĐV"}


# ---------------------------------------------------------------- word lists
def read_sections(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


def kb_gazetteer() -> dict[str, str]:
    """Names from the knowledge base, when it loads (it is optional for training)."""
    try:
        from sukien.kb import load
        kb = load()
    except Exception as error:  # noqa: BLE001 - an empty or half-written KB must not stop training
        print(f"knowledge base not used: {error.__class__.__name__}: {error}")
        return {}
    kinds = {"PERSON": "PER", "COUNTRY": "LOC", "LOC": "LOC", "ORG": "ORG"}
    names = {}
    for alias in kb.aliases:
        kind = kinds.get(kb.entities[alias.entity_id].type)
        if kind and alias.text[:1].isupper() and len(alias.text) > 1:
            names.setdefault(alias.text, kind)
    print(f"knowledge base: {len(names)} capitalised aliases")
    return names


def cldr_countries() -> dict[str, str]:
    from babel import Locale
    return {name: "LOC" for code, name in Locale("vi").territories.items()
            if len(code) == 2 and name[:1].isupper()}


def as_tokens(phrase: str) -> str:
    """A phrase as the tagger sees it: its tokens joined by single spaces."""
    return " ".join(TOKEN.findall(phrase))


def build_lexicon(cues: dict[str, list[str]]) -> Lexicon:
    names = {**cldr_countries(), **{name: "LOC" for name in cues["loc"]},
             **{name: "ORG" for name in cues["org"]}, **kb_gazetteer()}
    gazetteer = {as_tokens(name): kind for name, kind in names.items()}
    return Lexicon(
        per_cue=frozenset(as_tokens(c.lower()) for c in cues["per_cue"]),
        loc_cue=frozenset(as_tokens(c.lower()) for c in cues["loc_cue"]),
        org_head=frozenset(as_tokens(c.lower()) for c in cues["org_head"]),
        surnames=frozenset(cues["surname"]), gazetteer=gazetteer,
        misc_cue=frozenset(as_tokens(c.lower()) for c in cues["misc_cue"]),
    )


# ---------------------------------------------------------------- examples
def from_markup(line: str) -> tuple[list[str], list[str]]:
    """'Ông [PER Lê Hòa] ...' → tokens and BIO labels."""
    text, spans, position = "", [], 0
    for match in MARKUP.finditer(line):
        text += line[position:match.start()]
        spans.append((len(text), len(text) + len(match.group(2)), match.group(1)))
        text += match.group(2)
        position = match.end()
    text += line[position:]
    if "[" in text or "]" in text:
        raise ValueError(f"bad markup: {line}")
    tokens, labels = [], []
    for match in TOKEN.finditer(text):
        a, b = match.span()
        label = "O"
        for start, end, kind in spans:
            if start <= a and b <= end:
                label = ("B-" if a == start else "I-") + kind
        tokens.append(match.group())
        labels.append(label)
    return tokens, labels


def hand_sentences() -> list[str]:
    lines = (DATA / "sentences.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def templated(sections: dict[str, list[str]], fills: int, rng: random.Random) -> list[str]:
    def person(vietnamese: bool) -> str:
        if vietnamese:
            parts = [rng.choice(sections["vn_surname"])]
            if rng.random() < 0.85:
                parts.append(rng.choice(sections["vn_middle"]))
            if rng.random() < 0.3:
                parts.append(rng.choice(sections["vn_middle"]))
            return "[PER " + " ".join(parts + [rng.choice(sections["vn_given"])]) + "]"
        first, last = rng.choice(sections["f_first"]), rng.choice(sections["f_last"])
        style = rng.random()
        if style < 0.55:
            return f"[PER {first} {last}]"
        if style < 0.85:  # the press often names foreign leaders by the family name alone
            return f"[PER {last}]"
        return f"[PER {first[0]}.{last}]" if style < 0.93 else f"[PER {first[0]}. {last}]"

    slots = {
        "VPER": lambda: person(True), "FPER": lambda: person(False),
        "PER": lambda: person(rng.random() < 0.5),
        "COUNTRY": lambda: f"[LOC {rng.choice(sections['country'])}]",
        "PLACE": lambda: f"[LOC {rng.choice(sections['place'])}]",
        "ORG": lambda: f"[ORG {rng.choice(sections['org'])}]",
        "MISC": lambda: rng.choice(sections["misc"]),
        "SHORT": lambda: f"[LOC {rng.choice(sections['short'])}]",
        "TITLE": lambda: rng.choice(sections["title"]),
        "DATE": lambda: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
    }
    lines = []
    for frame in sections["frames"]:
        for _ in range(fills):
            lines.append(re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)](), frame))
    return lines


# ---------------------------------------------------------------- treebank
def read_conllu(path: Path) -> list[list[list[str]]]:
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
            continue
        columns = line.split("\t")
        if columns[0].isdigit():
            words.append(columns)
    if words:
        sentences.append(words)
    return sentences


class DistantLabeller:
    """Types the treebank's proper nouns, or gives up on the sentence."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.reasons: Counter = Counter()

    def __call__(self, words: list[list[str]]) -> tuple[list[str], list[str]] | None:
        kinds: list[str | None] = []
        for i, word in enumerate(words):
            kind = self._word(words, i, kinds)
            if kind == "?":
                return None
            kinds.append(kind)
        tokens, labels = [], []
        for word, kind in zip(words, kinds):
            pieces = TOKEN.findall(word[1])
            for j, piece in enumerate(pieces):
                tokens.append(piece)
                labels.append("O" if kind is None else ("B-" if j == 0 else "I-") + kind)
        return tokens, labels

    def _word(self, words: list[list[str]], i: int, kinds: list) -> str | None:
        form, upos, xpos, deprel = words[i][1], words[i][3], words[i][4], words[i][7]
        capital = form[:1].isupper()
        proper = upos == "PROPN" or xpos in ("NNP", "NNPY", "Ny", "NY")
        gazetteer = self.lexicon.gazetteer.get(form)
        if not proper and not gazetteer:
            if not capital or i == 0 or words[i - 1][1] in '.:;!?"“”-–(…' or not form[:1].isalpha():
                return None
            if form.lower() in PLAIN_CAPITALS or form.lower() in self.lexicon.per_cue:
                return None
            return self._give_up("capitalised common word")
        if not capital:
            return None if xpos in ("Ny", "NY") else self._give_up("lower-case proper noun")
        if form in PLAIN_ACRONYMS:
            return None
        if xpos in ("Ny", "NY") and not gazetteer:
            return self._give_up("acronym")
        found = {gazetteer} if gazetteer else set()
        found |= self._cues(words, i, kinds)
        syllables = form.split()
        if not found and syllables[0] in self.lexicon.surnames and 2 <= len(syllables) <= 4:
            found.add("PER")
        if not found and deprel.startswith("nsubj") and len(syllables) <= 2 and all(
                _VIETNAMESE.fullmatch(s.lower()) for s in syllables):
            found.add("PER")
        if "ORG?" in found:
            return self._give_up("organisation name")
        if len(found) != 1:
            return self._give_up("undecided" if not found else "conflict")
        return found.pop()

    def _cues(self, words: list[list[str]], i: int, kinds: list) -> set[str]:
        j = i
        while j > 0 and kinds[j - 1] == "LOC":  # "Tổng thống Mỹ Bush": look past the country
            j -= 1
        found = set()
        for back in (1, 2, 3):
            if j - back < 0:
                break
            phrase = " ".join(w[1] for w in words[j - back:j]).lower()
            if back == 1 and words[j - 1][1] in WEAK_PER and words[i][1] in self.lexicon.gazetteer:
                continue
            if phrase in self.lexicon.per_cue:
                found.add("PER")
            if phrase in STRONG_LOC and j == i:
                found.add("LOC")
            if phrase in self.lexicon.org_head and j == i:
                found.add("ORG?")
        return found

    def _give_up(self, reason: str) -> str:
        self.reasons[reason] += 1
        return "?"


def treebank(path: Path, split: str, labeller: DistantLabeller) -> list[tuple[list[str], list[str]]]:
    file = path / f"vi_vtb-ud-{split}.conllu"
    if not file.is_file():
        raise SystemExit(f"{file}: not found (give the UD Vietnamese VTB folder with --vtb)")
    examples = [labeller(words) for words in read_conllu(file)]
    return [e for e in examples if e is not None and any(t for t in e[0])]


# ---------------------------------------------------------------- train and score
def train(examples, lexicon: Lexicon, model_path: Path) -> CrfModel:
    """Train with crfsuite, export the weights as the tagger's model file, load it back."""
    import tempfile

    import pycrfsuite

    features = Features(lexicon)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, labels in examples:
        trainer.append(features(tokens), labels)
    trainer.set_params(TRAINER_PARAMS)
    with tempfile.TemporaryDirectory() as folder:
        crfsuite_file = Path(folder) / "tagger.crfsuite"
        trainer.train(str(crfsuite_file))
        export_model(crfsuite_file, lexicon, model_path)
    return load_model(model_path)


def held_out_scores(tagger: CrfModel, examples, windowed: bool = True) -> dict:
    scores = Scores()
    for tokens, labels in examples:
        predicted = ["O"] * len(tokens)
        windows = candidate_windows(tokens) if windowed else None
        for first, stop, kind, _ in tagger.tag_tokens(tokens, windows):
            predicted[first] = "B-" + kind
            for k in range(first + 1, stop):
                predicted[k] = "I-" + kind
        scores.add(labels, predicted)
    return scores.as_dict()


def dev_corpus_scores(tagger: CrfModel, folder: Path) -> dict:
    """PER spans against the corpus's exhaustive PER gold; recall of gold COUNTRY spans as LOC."""
    from sukien.segment import split_sentences

    gold: dict[str, set] = {}
    for line in (folder / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["type"] in ("PER", "COUNTRY"):
            gold.setdefault(row["article_id"], set()).add((row["start"], row["end"], row["type"]))
    per, country, predicted_per = [0, 0], [0, 0], 0
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        text = article["text"]
        names = tagger.tag(text, [(s.start, s.end) for s in split_sentences(text)])
        found = {(n.start, n.end, n.type) for n in names}
        wanted = gold.get(article["id"], set())
        gold_per = {(s, e) for s, e, t in wanted if t == "PER"}
        ours_per = {(s, e) for s, e, t in found if t == "PER"}
        per[0] += len(gold_per & ours_per)
        per[1] += len(gold_per)
        predicted_per += len(ours_per)
        gold_country = {(s, e) for s, e, t in wanted if t == "COUNTRY"}
        country[0] += len(gold_country & {(s, e) for s, e, t in found if t == "LOC"})
        country[1] += len(gold_country)
    p = per[0] / predicted_per if predicted_per else 0.0
    r = per[0] / per[1] if per[1] else 0.0
    return {"PER": {"precision": round(p, 4), "recall": round(r, 4),
                    "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": per[1]},
            "COUNTRY_as_LOC_recall": round(country[0] / country[1], 4) if country[1] else 0.0}


def benchmark(vtb: Path, corpus: Path | None) -> dict:
    """Sentences per CPU-second of ``tag_names`` (one call per article), windows and whole sentences."""
    from sukien.recognize.tagger import default_tagger
    from sukien.segment import split_sentences

    default_tagger.cache_clear()
    tagger = default_tagger()
    texts = []
    if corpus:
        texts += [json.loads(line)["text"] for line in (corpus / "articles.jsonl").read_text(
            encoding="utf-8").splitlines()]
    sentences = [" ".join(w[1] for w in words) for words in read_conllu(vtb / "vi_vtb-ud-test.conllu")]
    texts += ["\n".join(sentences[k:k + 20]) for k in range(0, len(sentences), 20)]
    documents = [(text, [(s.start, s.end) for s in split_sentences(text)]) for text in texts]
    count = sum(len(spans) for _, spans in documents)
    result = {"sentences": count}
    for windowed in (True, False):
        for text, spans in documents:  # warm the caches
            tagger.tag(text, spans, windowed)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for text, spans in documents:
                tagger.tag(text, spans, windowed)
            best = min(best, time.process_time() - started)
        result["windows" if windowed else "whole_sentences"] = round(count / best)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vtb", type=Path, default=DEFAULT_VTB)
    parser.add_argument("--dev-corpus", type=Path, default=None, help="also score PER on a corpus folder")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "sukien" / "data" / "models")
    parser.add_argument("--fills", type=int, default=8, help="fillings per template frame")
    parser.add_argument("--benchmark", action="store_true", help="only measure the shipped model's speed")
    args = parser.parse_args()
    if args.benchmark:
        print(json.dumps(benchmark(args.vtb, args.dev_corpus), indent=1))
        return
    started = time.perf_counter()
    rng = random.Random(SEED)
    sections = {**read_sections(DATA / "cues.txt"), **read_sections(DATA / "templates.txt")}
    lexicon = build_lexicon(sections)

    hand = hand_sentences()
    hand_train = [from_markup(s) for k, s in enumerate(hand) if k % 5 != 4]
    hand_test = [from_markup(s) for k, s in enumerate(hand) if k % 5 == 4]
    frames = [from_markup(s) for s in templated(sections, args.fills, rng)]
    labeller = DistantLabeller(lexicon)
    vtb = {split: treebank(args.vtb, split, labeller) for split in ("train", "dev", "test")}
    train_part = hand_train * 2 + frames + vtb["train"] + vtb["dev"]

    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / MODEL_FILE
    tagger = train(train_part, lexicon, model)
    report = {
        "data": {"hand_written": len(hand), "hand_written_held_out": len(hand_test),
                 "templated": len(frames), "vtb_kept": {k: len(v) for k, v in vtb.items()},
                 "vtb_left_out": dict(labeller.reasons),
                 "names": dict(Counter(l[2:] for _, ls in train_part + vtb["test"] + hand_test
                                       for l in ls if l.startswith("B-")))},
        "held_out": {"hand_written": held_out_scores(tagger, hand_test),
                     "vtb_test_distant": held_out_scores(tagger, vtb["test"]),
                     "hand_written_whole_sentences": held_out_scores(tagger, hand_test, windowed=False),
                     "vtb_test_distant_whole_sentences": held_out_scores(tagger, vtb["test"], windowed=False)},
        "params": TRAINER_PARAMS, "seed": SEED, "template_fills": args.fills,
    }
    if args.dev_corpus:
        report["held_out"]["dev_corpus"] = dev_corpus_scores(tagger, args.dev_corpus)

    # The shipped model learns from everything, held-out parts included.
    train(hand_train * 2 + hand_test * 2 + frames + vtb["train"] + vtb["dev"] + vtb["test"], lexicon, model)
    report["model_bytes"] = model.stat().st_size
    report["seconds"] = round(time.perf_counter() - started, 1)
    (args.out / "tagger_training.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
