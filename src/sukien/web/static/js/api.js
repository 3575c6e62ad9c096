// The REST API, as plain async functions. Errors arrive in one shape:
// {"error": {"code", "message", "detail"}}; they are thrown as ApiError.

export class ApiError extends Error {
  constructor(status, code, message, detail = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const url = path + (query.toString() ? "?" + query : "");
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError(0, "network", String(error));
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || "error", error.message || response.statusText,
      error.detail ?? null);
  }
  return body;
}

export const api = {
  events: (filters) => getJSON("/api/events", filters),
  event: (id) => getJSON("/api/events/" + encodeURIComponent(id)),
  article: (id) => getJSON("/api/articles/" + encodeURIComponent(id)),
  countries: () => getJSON("/api/countries"),
  entity: (id) => getJSON("/api/entities/" + encodeURIComponent(id)),
  search: (q) => getJSON("/api/search", { q, limit: 10 }),
  timeline: (filters, by) => getJSON("/api/timeline", { ...filters, by }),
  // graph(filters): filters may add top (actors kept) and min_weight
  graph: (filters) => getJSON("/api/graph", filters),
  codes: () => getJSON("/api/codes"),
};
