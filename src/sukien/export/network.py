"""The actor network: who did what with whom, how often.

Nodes are entities; an undirected edge joins two entities that are actors of the
same event, weighted by the number of such events. For an event with a target the
pairs are source × target ("A received B"); for one without (reciprocal talks,
"hai bên hội đàm") every two of its sources are paired. The REST API's /api/graph,
the web page's network and the GraphML export are all built by ``actor_network``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

NODE_FIELDS = ("id", "name", "name_vi", "type", "country", "wikidata", "cameo")
EVENT_IDS_PER_EDGE = 20  # enough to click through; the weight keeps the full count


@dataclass
class Network:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    events: int = 0  # events read to build it

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges, "events": self.events}


def event_pairs(event: dict[str, Any]) -> set[tuple[str, str]]:
    """The unordered actor pairs of one event (ids sorted within a pair)."""
    sources = [a["id"] for a in event.get("source", [])]
    targets = [a["id"] for a in event.get("target", [])]
    if targets:
        raw = [(s, t) for s in sources for t in targets]
    else:
        raw = list(combinations(sources, 2))
    return {tuple(sorted(pair)) for pair in raw if pair[0] != pair[1]}


def actor_network(events: Iterable[dict[str, Any]], min_weight: int = 1) -> Network:
    """Aggregate events (each with ``source``/``target`` actor lists) into nodes and edges."""
    actors: dict[str, dict[str, Any]] = {}
    involved: Counter[str] = Counter()
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    count = 0
    for event in events:
        count += 1
        for actor in event.get("source", []) + event.get("target", []):
            actors.setdefault(actor["id"], actor)
        for actor_id in {a["id"] for a in event.get("source", []) + event.get("target", [])}:
            involved[actor_id] += 1
        for pair in event_pairs(event):
            _add(edges.setdefault(pair, _edge(pair)), event)
    kept = [e for e in edges.values() if e["weight"] >= min_weight]
    linked = {node for e in kept for node in (e["source"], e["target"])}
    nodes = [_node(actors[i], involved[i]) for i in sorted(linked)]
    for edge in kept:
        edge["codes"] = dict(sorted(edge["codes"].items()))
    kept.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    return Network(nodes, kept, count)


def _edge(pair: tuple[str, str]) -> dict[str, Any]:
    return {"source": pair[0], "target": pair[1], "weight": 0, "codes": Counter(),
            "first": None, "last": None, "event_ids": []}


def _add(edge: dict[str, Any], event: dict[str, Any]) -> None:
    edge["weight"] += 1
    edge["codes"][event.get("cameo") or "?"] += 1
    day = event.get("date_start") or event.get("sort_date")
    if day:
        edge["first"] = min(filter(None, (edge["first"], day)))
        edge["last"] = max(filter(None, (edge["last"], day)))
    if len(edge["event_ids"]) < EVENT_IDS_PER_EDGE:
        edge["event_ids"].append(event["id"])


def _node(actor: dict[str, Any], events: int) -> dict[str, Any]:
    node = {name: actor.get(name) for name in NODE_FIELDS}
    node["events"] = events
    return node
