// One colour per PLOVER class, shared by the timeline's bars and the event badges.
// Every two of them differ by at least 20 in CIELAB ΔE (a test checks it), so no two
// classes can be mistaken for each other in a chart's legend.
export const PLOVER_COLORS = {
  AGREE: "#2f9e44", CONSULT: "#1c7ed6", SUPPORT: "#a9e34b", CONCEDE: "#20c997", COOPERATE: "#0b7285",
  AID: "#74c0fc", RETREAT: "#9775fa", REQUEST: "#fcc419", ACCUSE: "#f76707", REJECT: "#862e9c",
  THREATEN: "#f783ac", SANCTION: "#364fc7", PROTEST: "#e03131", MOBILIZE: "#8d6e63", COERCE: "#cc5de8",
  ASSAULT: "#212529", OTHER: "#ced4da",
};

export const ploverColor = (type) => PLOVER_COLORS[type] || PLOVER_COLORS.OTHER;
