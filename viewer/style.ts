/**
 * The viewer page's stylesheet: a side panel with the tables, the diagrams beside it, and the
 * highlight of active (amber) and finished (green) states in the Graphviz SVGs.
 */

/** The CSS of the viewer page. */
export const VIEWER_CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --active: #ffd166; --active-edge: #c05621; --done: #c6f6d5; --done-edge: #2f855a; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f5f7fa; }
header { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 16px; }
header h1 { font-size: 16px; margin: 0 0 6px; }
header .summary { color: var(--muted); font-weight: normal; font-size: 12px; margin-left: 8px; }
.controls { display: flex; align-items: center; gap: 12px; }
.controls input[type=range] { flex: 1; }
.controls button { font: inherit; padding: 2px 10px; }
#clock { font-variant-numeric: tabular-nums; min-width: 360px; }
main { display: grid; grid-template-columns: minmax(340px, 460px) 1fr; gap: 12px; padding: 12px 16px; }
aside section, .machine { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin-bottom: 12px; }
h2 { font-size: 13px; margin: 0 0 6px; }
h2 small { font-weight: normal; color: var(--muted); margin-left: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
td.state { overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.status { font-weight: 600; }
ul { margin: 0; padding-left: 18px; }
#blockers { max-height: 32vh; overflow: auto; }
li.none { list-style: none; margin-left: -18px; color: var(--muted); }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; font-weight: 600; }
.wait { color: var(--active-edge); }
.diagrams { min-width: 0; }
.machine .svg { overflow: auto; max-height: 75vh; }
.machine .svg svg { width: 100%; height: auto; }
.machine.zoomed .svg svg { width: auto; }
.machine h2 button { float: right; font: inherit; font-size: 11px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border-radius: 3px; font-size: 11px; }
.legend .a { background: var(--active); border: 1px solid var(--active-edge); }
.legend .f { background: var(--done); border: 1px solid var(--done-edge); }
g.node.active > path, g.node.active > polygon, g.node.active > ellipse { fill: var(--active); stroke: var(--active-edge); stroke-width: 3px; }
g.cluster.active > path, g.cluster.active > polygon { fill: #fff8e6; stroke: var(--active-edge); stroke-width: 3px; }
g.node.finished > path, g.node.finished > polygon, g.node.finished > ellipse { fill: var(--done); stroke: var(--done-edge); stroke-width: 3px; }
g.cluster.finished > path, g.cluster.finished > polygon { stroke: var(--done-edge); stroke-width: 2px; }
`;
