// The actor network (Cytoscape.js, vendored): nodes are actors sized by their number
// of events, edges weighted by events together. Tapping a node calls onPick(id).
import { nameOf } from "../i18n.js";

const TYPE_COLORS = { PERSON: "#1971c2", COUNTRY: "#2b8a3e", ORG: "#e67700", LOC: "#868e96" };

export function drawGraph(container, data, onPick) {
  const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));
  const elements = [
    ...data.nodes.map((n) => ({
      data: { id: n.id, label: nameOf(n), events: n.events, color: TYPE_COLORS[n.type] || "#495057" },
    })),
    ...data.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight,
              width: 1 + (5 * e.weight) / maxWeight },
    })),
  ];
  const cy = window.cytoscape({
    container,
    elements,
    // Labels are drawn on the canvas as text: an actor's name cannot become markup.
    style: [
      { selector: "node", style: {
        label: "data(label)", "background-color": "data(color)", color: "#212529", "font-size": 12,
        "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1,
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 120,
        width: "mapData(events, 1, 20, 12, 40)", height: "mapData(events, 1, 20, 12, 40)",
      } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#adb5bd", "curve-style": "haystack", opacity: 0.8,
        label: "data(weight)", "font-size": 9, color: "#868e96",
      } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#f08c00" } },
    ],
    // cose is Cytoscape's built-in force-directed layout; these values keep a few dozen
    // actors readable in a panel (strong gravity, short edges) without overlapping.
    layout: { name: "cose", animate: false, randomize: false, padding: 20, nodeOverlap: 20,
              nodeRepulsion: () => 60000, idealEdgeLength: () => 50, gravity: 2, componentSpacing: 30 },
    minZoom: 0.2,
    maxZoom: 3,
  });
  cy.on("tap", "node", (event) => onPick(event.target.id()));
  window.sukienGraph = cy; // for the browser tests and for poking at it in the console
  return cy;
}
