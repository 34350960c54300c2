/**
 * The bridge's page in headless Chromium, with the Stately inspector replaced by a stand-in page
 * served under its origin: the page's WebSocket is accepted, and what the run streams reaches the
 * framed inspector once it says it is connected. Skipped with a note without Debian's `chromium`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createActor } from 'xstate';
import { statelyInspection, type StatelyInspection } from '../../cli/inspection';
import { serviceLinkedRoleMachine } from '../../machines';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.log(`Skipping the inspector page's browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);

// Says it is connected, as the inspector does, and keeps every message it is handed.
const STAND_IN = `<!doctype html><html><body><script>
window.received = [];
window.addEventListener('message', (e) => { if (e.origin.startsWith('http://127.0.0.1:')) window.received.push(e.data); });
window.parent.postMessage({ type: '@statelyai.connected' }, '*');
</script></body></html>`;

(available ? describe : describe.skip)('the inspector bridge page in headless Chromium', () => {
  let browser: Browser | undefined;
  let live: StatelyInspection | undefined;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await live?.close();
    await browser?.close();
  });

  it('hands the framed inspector every message of the run, and says when the run has ended', async () => {
    live = await statelyInspection(0, () => undefined);
    const page = await browser!.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === 'https://stately.ai/inspect') return route.fulfill({ body: STAND_IN, contentType: 'text/html' });
      if (url.startsWith(`http://127.0.0.1:${live!.bridge.port}/`)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const opened = page.waitForEvent('websocket');
    await page.goto(live.bridge.pageUrl);
    await opened;
    createActor(serviceLinkedRoleMachine, { input: { operation: 'ensure', description: 'x'.repeat(1001) }, inspect: live.inspect }).start();
    const inspector = page.frames().find((frame) => frame.url() === 'https://stately.ai/inspect')!;
    await inspector.waitForFunction('window.received.some((m) => m.type === "@xstate.snapshot")');
    const types = await inspector.evaluate<string[]>('window.received.map((m) => m.type)');
    expect(types[0]).toBe('@xstate.actor');
    expect(types).toContain('@xstate.snapshot');
    await live.close();
    await page.waitForFunction('document.getElementById("note").textContent.includes("has ended")');
    expect(elsewhere).toEqual([]);
  });
});
