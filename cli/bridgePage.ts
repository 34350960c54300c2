/**
 * The page the inspector bridge serves to the user's browser: it frames the Stately inspector
 * (loaded from stately.ai) and hands it, through `postMessage` addressed to that origin only,
 * what the bridge's WebSocket streams. The token travels from the page's own address to the
 * WebSocket and never to stately.ai (no referrer is sent).
 */
import { randomBytes } from 'node:crypto';

/** The Stately inspector's origin: its page is the one client the bridge streams to. */
export const INSPECTOR_ORIGIN = 'https://stately.ai';

/** The inspector page framed by the bridge page. */
export const INSPECTOR_URL = `${INSPECTOR_ORIGIN}/inspect`;

/** The bridge page as reached at `host` (the checked Host header), and the response headers that lock it down. */
export function bridgePage(host: string): { html: string; headers: Record<string, string> } {
  const nonce = randomBytes(16).toString('base64');
  const script = `
const frame = document.getElementById('inspector');
const note = document.getElementById('note');
const queue = [];
let ready = false;
const deliver = (message) => frame.contentWindow.postMessage(message, ${JSON.stringify(INSPECTOR_ORIGIN)});
window.addEventListener('message', (e) => {
  if (e.origin !== ${JSON.stringify(INSPECTOR_ORIGIN)} || e.source !== frame.contentWindow) return;
  if (e.data && e.data.type === '@statelyai.connected') { ready = true; queue.splice(0).forEach(deliver); }
});
const token = new URLSearchParams(location.search).get('token') || '';
const socket = new WebSocket('ws://' + location.host + '/?token=' + encodeURIComponent(token));
socket.onmessage = (e) => { const message = JSON.parse(e.data); if (ready) deliver(message); else queue.push(message); };
socket.onclose = () => { note.textContent = 'The run has ended; what it showed stays below.'; };
`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mwaa-lifecycle · live inspector</title>
<style nonce="${nonce}">html,body{margin:0;height:100%;font:13px system-ui,sans-serif}#note{padding:4px 8px;background:#eef}iframe{border:0;width:100%;height:calc(100% - 26px)}</style></head>
<body><div id="note">Streaming the run to the Stately inspector.</div>
<iframe id="inspector" src="${INSPECTOR_URL}" referrerpolicy="no-referrer"></iframe>
<script nonce="${nonce}">${script}</script></body></html>`;
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-src ${INSPECTOR_ORIGIN}; connect-src 'self' ws://${host}; base-uri 'none'; form-action 'none'`,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  };
  return { html, headers };
}
