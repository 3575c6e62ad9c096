// Building the page without ever parsing data as HTML.
// Every string from the API goes into the DOM as a text node (textContent), so a
// "<script>" in an article is shown as those characters and never runs. There is
// no innerHTML anywhere in this app; tests check that.

const SAFE_URL = /^(https?:|#|\/)/i;

/** el("a", {href, class}, "text", child, ...) → Element; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "href" || name === "src") {
      node.setAttribute(name, safeUrl(value));
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Links only to the web or inside the app: a "javascript:" URL becomes "#". */
export function safeUrl(url) {
  const text = String(url ?? "").trim();
  return SAFE_URL.test(text) ? text : "#";
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * The text with spans marked: spans = [{start, end, cls}] (character offsets).
 * Overlapping spans nest by splitting the text at every boundary; each piece gets
 * the classes of every span that covers it. The server counts offsets in code
 * points (Python); JS strings index UTF-16 units, so the text is split into code
 * points first and the two agree even past the BMP.
 */
export function highlighted(text, spans) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    if (s.start >= 0 && s.end <= chars.length && s.start < s.end) { cuts.add(s.start); cuts.add(s.end); }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const classes = spans.filter((s) => s.start <= from && to <= s.end).map((s) => s.cls);
    const piece = chars.slice(from, to).join("");
    pieces.push(classes.length ? el("mark", { class: [...new Set(classes)].join(" ") }, piece) : piece);
  }
  return pieces;
}

export function hashLink(path, params) {
  const query = params ? new URLSearchParams(params).toString() : "";
  return "#" + path + (query ? "?" + query : "");
}
