// The actor network (Cytoscape.js, vendored): nodes are actors sized by their number of
// events, edges weighted by events together. Tapping a node calls onPick(id).
//
// What is drawn scales with the graph: a few actors get large nodes and labels, sixty get
// small ones; only the main actors are labelled (the others on hover, or once zoomed in),
// and a label that would cover a busier actor's is left out until zooming makes room.
// Sizes are screen pixels as fitted, whatever zoom fitting the panel took (never past
// MAX_FIT_ZOOM, so two actors are not spread to its corners); labels keep their size on
// screen when the reader zooms, so zooming in spreads the nodes and reveals more names.
import { el } from "../dom.js";
import { nameOf, t } from "../i18n.js";

const TYPE_COLORS = { PERSON: "#1971c2", COUNTRY: "#2b8a3e", ORG: "#e67700", LOC: "#868e96" };
const MAX_FIT_ZOOM = 2;
const REVEAL_ZOOM = 1.6; // minor labels appear at this multiple of the fitted zoom

/** Sizes for a graph of n nodes: label font (screen px), node sizes, how many get a label. */
export function scaleFor(n) {
  if (n <= 4) return { font: 14, minSize: 24, maxSize: 40, labelled: n };
  if (n <= 15) return { font: 13, minSize: 16, maxSize: 34, labelled: n };
  if (n <= 40) return { font: 12, minSize: 10, maxSize: 28, labelled: 14 };
  return { font: 11, minSize: 7, maxSize: 24, labelled: Math.max(10, Math.round(n / 6)) };
}

function elementsOf(data, scale) {
  const ranked = [...data.nodes].sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1));
  const major = new Set(ranked.slice(0, scale.labelled).map((node) => node.id));
  const counts = data.nodes.map((node) => node.events);
  const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
  const size = (events) => (hi === lo ? (scale.minSize + scale.maxSize) / 2
    : scale.minSize + (scale.maxSize - scale.minSize) * Math.sqrt((events - lo) / (hi - lo)));
  const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));
  // cose starts from these places: the busiest actors in the middle, the others on a
  // sunflower spiral around them. Nodes that all start on one point would be pushed apart
  // in random directions, and the picture (and which names fit) would change on every load.
  const rank = new Map(ranked.map((node, i) => [node.id, i]));
  const start = (i) => ({ x: 30 * Math.sqrt(i) * Math.cos(i * 2.39996), y: 30 * Math.sqrt(i) * Math.sin(i * 2.39996) });
  return [
    ...data.nodes.map((node) => ({
      data: { id: node.id, label: nameOf(node), events: node.events, size: size(node.events),
              color: TYPE_COLORS[node.type] || "#495057" },
      position: start(rank.get(node.id)),
      classes: major.has(node.id) ? "major" : "minor",
    })),
    ...data.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight,
              width: 1 + (4 * e.weight) / maxWeight },
    })),
  ];
}

/** Label sizes in model units for the zoom `zoom`: the same on screen at any zoom. */
const labelStyle = (scale, zoom) => ({
  "font-size": scale.font / zoom, "text-margin-y": 3 / zoom, "text-max-width": 140 / zoom,
  "text-background-padding": 1 / zoom,
});

function styles(scale, zoom) {
  return [
    { selector: "node", style: {
      label: "", "background-color": "data(color)", color: "#212529", ...labelStyle(scale, zoom),
      "text-background-color": "#fff", "text-background-opacity": 0.75,
      "text-valign": "bottom", "text-wrap": "ellipsis", width: "data(drawn)", height: "data(drawn)",
    } },
    { selector: "node.major, node.minor.reveal, node.hover, node:selected", style: { label: "data(label)" } },
    { selector: "node.major", style: { "font-weight": 600 } },
    { selector: "node.crowded", style: { label: "" } },
    { selector: "node.hover, node:selected", style: { label: "data(label)" } },
    { selector: "edge", style: {
      width: "data(drawn)", "line-color": "#adb5bd", "curve-style": "haystack", opacity: 0.7,
    } },
    { selector: "node.hover", style: { "z-index": 10, "border-width": 2, "border-color": "#f08c00" } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#f08c00" } },
  ];
}

/** Hide the labels that would cover a busier actor's (kept: the busiest first). */
export function declutter(cy) {
  const shown = [];
  cy.batch(() => cy.nodes().removeClass("crowded"));
  const labelled = cy.nodes().filter((node) => node.style("label") !== "")
    .sort((a, b) => b.data("events") - a.data("events"));
  const crowded = [];
  labelled.forEach((node) => {
    const box = node.boundingBox({ includeLabels: true, includeNodes: false, includeEdges: false });
    const hit = shown.some((b) => box.x1 < b.x2 && b.x1 < box.x2 && box.y1 < b.y2 && b.y1 < box.y2);
    if (hit) crowded.push(node);
    else shown.push(box);
  });
  cy.batch(() => crowded.forEach((node) => node.addClass("crowded")));
}

function fit(cy) {
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
  return cy.zoom();
}

function tools(cy, fitZoom) {
  const zoomBy = (factor) => {
    const box = cy.container().getBoundingClientRect();
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: box.width / 2, y: box.height / 2 } });
  };
  const button = (text, title, action) => el("button", { type: "button", title, "aria-label": title,
    onclick: action }, text);
  return el("div", { class: "graph-tools" },
    button("+", t("graph.zoomIn"), () => zoomBy(1.4)),
    button("−", t("graph.zoomOut"), () => zoomBy(1 / 1.4)),
    button("⤢", t("graph.fit"), () => { cy.fit(undefined, 24); if (cy.zoom() > fitZoom) { cy.zoom(fitZoom); cy.center(); } }));
}

export function drawGraph(container, data, onPick) {
  const scale = { ...scaleFor(data.nodes.length) };
  // A narrow panel (a phone) has room for fewer names side by side.
  if (data.nodes.length > 4) scale.labelled = Math.min(scale.labelled, Math.max(4, Math.floor(container.clientWidth / 45)));
  const elements = elementsOf(data, scale);
  for (const item of elements) item.data.drawn = item.data.size ?? item.data.width;
  const cy = window.cytoscape({
    container,
    elements,
    style: styles(scale, 1),
    // cose is Cytoscape's built-in force-directed layout; these values keep a few dozen
    // actors apart in a panel (strong gravity, short edges).
    layout: { name: "cose", animate: false, randomize: false, padding: 20, nodeOverlap: 20,
              nodeRepulsion: () => 60000, idealEdgeLength: () => 50, gravity: 2, componentSpacing: 30 },
    minZoom: 0.1,
    maxZoom: 6,
    wheelSensitivity: 0.3,
  });
  // Labels are drawn on the canvas as text: an actor's name cannot become markup.
  const fitZoom = fit(cy);
  cy.batch(() => {
    cy.elements().forEach((item) => item.data("drawn", (item.data("size") ?? item.data("width")) / fitZoom));
  });
  cy.style(styles(scale, fitZoom));
  declutter(cy);
  let pending = null;
  cy.on("zoom", () => {
    cy.batch(() => {
      cy.nodes().style(labelStyle(scale, cy.zoom()));
      cy.nodes(".minor").toggleClass("reveal", cy.zoom() >= fitZoom * REVEAL_ZOOM);
    });
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => declutter(cy));
  });
  cy.on("mouseover", "node", (event) => event.target.addClass("hover"));
  cy.on("mouseout", "node", (event) => event.target.removeClass("hover"));
  cy.on("tap", "node", (event) => onPick(event.target.id()));
  cy.scratch("_sukien", { fitZoom, scale });
  container.before(tools(cy, fitZoom));
  window.sukienGraph = cy; // for the browser tests and for poking at it in the console
  return cy;
}
