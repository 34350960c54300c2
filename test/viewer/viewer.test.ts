/**
 * The offline viewer in a real browser: a demo run recorded with `--inspect-log`, turned into a
 * page by `view`, opened in headless Chromium with every network request refused. Needs Debian's
 * `chromium` (`.ci/run` installs it); skipped with a note when it is missing.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { parseRunLog, replay, type Frame, type Replay } from '../../viewer';
import { recordDemo } from './demoLog';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const available = existsSync(CHROMIUM);
if (!available) console.log(`Skipping the viewer's browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);

const whenChromium = available ? describe : describe.skip;

whenChromium('the offline viewer in headless Chromium', () => {
  let browser: Browser | undefined;
  let pageUrl = '';
  let shown: Replay;

  beforeAll(async () => {
    const demo = await recordDemo();
    const io = memoryIo();
    expect(await main(['view', demo.path], io)).toBe(0);
    pageUrl = pathToFileURL(join(demo.dir, 'run.html')).href;
    shown = replay(parseRunLog(demo.text));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Moves the slider to `index` and reads what the page shows. */
  async function showAt(page: Page, index: number): Promise<{ active: string[]; finished: string[]; blockers: string[]; role: string }> {
    await page.locator('#slider').fill(String(index));
    await page.waitForFunction(`document.body.getAttribute('data-frame') === '${index}'`);
    const ids = async (selector: string): Promise<string[]> => (await texts(page, `[...document.querySelectorAll('${selector}')].map((el) => el.id)`)).map((id) => id.replace(/^state:/, '')).sort();
    return {
      active: await ids('g.active'),
      finished: await ids('g.finished'),
      blockers: await texts(page, `[...document.querySelectorAll('#blockers li')].map((el) => el.textContent)`),
      role: (await page.textContent('#role')) ?? '',
    };
  }

  /** Strings the page computes from `expression` (the page's own DOM, which this test does not type). */
  async function texts(page: Page, expression: string): Promise<string[]> {
    return page.evaluate<string[]>(expression);
  }

  const sorted = (byMachine: Frame['active']): string[] => Object.values(byMachine).flat().sort();

  it('replays the run offline: the active states highlighted, what blocks the role listed', async () => {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 900 } });
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      refused.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pageUrl);

    // The last moment someone else's environment in ap-southeast-2, still there, keeps the role
    // from being deleted.
    const blocking = (frame: Frame): boolean =>
      frame.account !== null &&
      frame.account.state.includes('.') &&
      frame.active['serviceLinkedRole'] === undefined &&
      frame.account.blockers.some((b) => b.kind === 'environment' && b.id === 'legacy' && b.status !== 'DELETED');
    const blockedAt = shown.frames.length - 1 - [...shown.frames].reverse().findIndex(blocking);
    expect(blockedAt).toBeGreaterThan(0);
    expect(blockedAt).toBeLessThan(shown.frames.length);
    const blocked = shown.frames[blockedAt]!;
    const during = await showAt(page, blockedAt);
    expect(during.active).toEqual(sorted(blocked.active));
    expect(during.active).toContain(`account.${blocked.account!.state}`);
    expect(during.active).toContain(`account.${blocked.account!.state.split('.')[0]!}`);
    expect(during.blockers).toContain(`ap-southeast-2 environment legacy (${blocked.account!.blockers[0]!.status})`);
    expect(during.blockers).toHaveLength(blocked.account!.blockers.length + blocked.account!.unreadable.length);
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'viewer.png') });
    if (process.env['UPDATE_DOCS_SCREENSHOT'] === '1' || !existsSync(join(ROOT, 'docs', 'viewer.png'))) {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(join(ROOT, 'test-artifacts', 'viewer.png'), join(ROOT, 'docs', 'viewer.png'));
    }

    // At the end: nothing runs any more, every machine stands in its final state, nothing blocks.
    const endAt = shown.frames.length - 1;
    const end = await showAt(page, endAt);
    expect(end.active).toEqual([]);
    expect(end.finished).toEqual(sorted(shown.frames[endAt]!.ended));
    expect(end.finished).toContain(`account.${shown.frames[endAt]!.account!.state}`);
    expect(end.blockers).toEqual(['nothing']);
    expect(end.role).toContain('deleted');
    expect(await texts(page, `[...document.querySelectorAll('#environments tr')].map((row) => row.children[2].textContent)`)).toEqual(['DELETED', 'DELETED', 'DELETED']);

    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
