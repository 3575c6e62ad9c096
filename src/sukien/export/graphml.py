"""GraphML of the actor network, for Gephi, Cytoscape desktop, igraph or networkx.

Built from ``network.actor_network`` (the same graph the web page draws): node
attributes label (English name), name_vi, type, country, wikidata, events; edge
attributes weight (events together), codes ("040:3 046:1"), first and last date.
GraphML has no null, so absent values are left out of a node or edge.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sukien.export.network import Network, actor_network


def to_networkx(network: Network):
    import networkx as nx
    graph = nx.Graph(name="sukien actor network")
    for node in network.nodes:
        attrs = {"label": node.get("name") or node["id"], "name_vi": node.get("name_vi"),
                 "type": node.get("type"), "country": node.get("country"),
                 "wikidata": node.get("wikidata"), "cameo": node.get("cameo"), "events": node["events"]}
        graph.add_node(node["id"], **_present(attrs))
    for edge in network.edges:
        codes = " ".join(f"{code}:{n}" for code, n in edge["codes"].items())
        attrs = {"weight": edge["weight"], "codes": codes, "first": edge["first"], "last": edge["last"]}
        graph.add_edge(edge["source"], edge["target"], **_present(attrs))
    return graph


def _present(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None}


def write_graphml(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write the network of the records' actors; return the number of edges."""
    import networkx as nx
    network = actor_network(records)
    nx.write_graphml(to_networkx(network), str(path), encoding="utf-8")
    return len(network.edges)
