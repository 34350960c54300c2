/**
 * The viewer as one self-contained HTML page: the machines' SVGs inline, the replay as embedded
 * JSON, one inline script and stylesheet. Its content security policy allows nothing from the
 * network, so the page works offline and a crafted log cannot make it load or run anything else.
 */
import { randomBytes } from 'node:crypto';
import type { Replay } from './replay';
import { VIEWER_SCRIPT } from './script';
import { VIEWER_CSS } from './style';

/** What the page is made of. */
export interface ViewerPage {
  /** Shown in the title and heading, e.g. the log's file name. */
  readonly title: string;
  /** Each machine's diagram as SVG, by machine id, in the order to show them. */
  readonly svgs: Readonly<Record<string, string>>;
  readonly replay: Replay;
}

/** Text made safe inside HTML elements and double-quoted attributes. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** JSON that can sit inside a `<script>` element: no `<` that could end it. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Graphviz's SVG without its XML prologue, doctype and comments, ready to sit inline in HTML. */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return (start < 0 ? svg : svg.slice(start)).replace(/<!--[\s\S]*?-->/g, '').trim();
}

const duration = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120 ? `${(minutes / 60).toFixed(1)} h` : minutes >= 1 ? `${minutes} min` : `${Math.round(ms / 1000)} s`;
};

function machineSection(id: string, svg: string): string {
  return `<section class="machine" id="panel:${escapeHtml(id)}"><h2>${escapeHtml(id)}<small id="now:${escapeHtml(id)}"></small><button class="zoom" type="button">zoom</button></h2><div class="svg">${inlineSvg(svg)}</div></section>`;
}

/** The whole page. */
export function viewerHtml(page: ViewerPage): string {
  const nonce = randomBytes(16).toString('base64');
  const { replay } = page;
  const last = replay.frames[replay.frames.length - 1];
  const span = last ? `${duration(last.at - replay.start.at)} of run time, ${replay.events} events, ${replay.frames.length} steps` : 'no steps recorded';
  const data = { start: replay.start, frames: replay.frames, machines: Object.fromEntries(Object.keys(page.svgs).map((id) => [id, true])) };
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · mwaa-lifecycle run</title>
<style>${VIEWER_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(page.title)}<span class="summary">${escapeHtml(span)}</span></h1>
<div class="controls"><button id="play" type="button" title="play the run">▶</button><input id="slider" type="range" min="0" max="0" value="0" step="1" aria-label="moment of the run"><span id="clock"></span></div>
</header>
<main>
<aside>
<section><h2>Environments</h2><table><thead><tr><th>environment</th><th>operation</th><th>status</th><th>result or state</th></tr></thead><tbody id="environments"></tbody></table></section>
<section><h2>Service-linked role</h2><dl id="role"></dl></section>
<section><h2>What blocks the role <small id="gate"></small></h2><ul id="blockers"></ul></section>
<section><h2>Machines</h2><table><thead><tr><th>actor</th><th>state</th><th>status</th></tr></thead><tbody id="actors"></tbody></table></section>
<section class="legend"><span class="a">active state</span><span class="f">final state reached</span></section>
</aside>
<div class="diagrams">
${Object.entries(page.svgs).map(([id, svg]) => machineSection(id, svg)).join('\n')}
</div>
</main>
<script type="application/json" id="run-data">${scriptJson(data)}</script>
<script nonce="${nonce}">${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
