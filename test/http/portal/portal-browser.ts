import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalService } from './portal-service.js';

/** Debian's chromium package; .ci/run installs it. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the screenshots go (1280 and 320 CSS px of every page), for a reviewer to look at. */
export const SCREENSHOT_DIR = path.resolve('test-output/portal-screenshots');

const hasChromium = existsSync(CHROMIUM);
// CI installs it (.ci/run): there a missing browser is a failure, never a quiet skip.
if (!hasChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing on CI: .ci/run must install Debian's chromium before npm test.`);
if (!hasChromium) console.warn(`Portal browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it).`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LANGS = ['nb', 'nn', 'en'] as const;

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Every page type, as a path (the language is added) and a name for the screenshot. */
function pageTypes(s: PortalService): { name: string; path: string; status: number }[] {
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'search', path: '/search?q=vann&theme=ENVI', status: 200 },
    { name: 'search-page-2', path: '/search?type=datasets&sort=title&page=2', status: 200 },
    { name: 'search-quality', path: '/search?type=datasets&sort=quality&quality=poor', status: 200 },
    // Chosen values whose chips hold long labels or bare IRIs (a chip would not wrap and widened the page to 740 px at 320).
    {
      name: 'search-long-chips',
      path: `/search?publisher=974760673&spatial=${encodeURIComponent('https://data.geonorge.no/administrativeEnheter/kommune/id/173163')}&concept=${encodeURIComponent('https://data.brreg.no/begrep/organisasjonsnummer')}`,
      status: 200,
    },
    { name: 'dataset', path: `/datasets/${s.ids.defective}`, status: 200 },
    { name: 'dataset-distributions-page-2', path: `/datasets/${s.ids.manyDistributions}?distributions=2`, status: 200 },
    { name: 'data-service', path: `/data-services/${s.ids.dataService}`, status: 200 },
    { name: 'catalog', path: `/catalogs/${s.ids.catalog}`, status: 200 },
    { name: 'concept', path: `/concepts/${s.ids.concept}`, status: 200 },
    { name: 'collection', path: `/collections/${s.ids.collection}`, status: 200 },
    { name: 'information-model', path: `/information-models/${s.ids.model}`, status: 200 },
    { name: 'publisher', path: `/publishers/${s.ids.publisher}`, status: 200 },
    { name: 'sources', path: '/sources', status: 200 },
    { name: 'run', path: `/runs/${s.ids.run}`, status: 200 },
    { name: 'sparql', path: '/sparql', status: 200 },
    { name: 'validator', path: '/validator', status: 200 },
    { name: 'api-reference', path: '/api-reference', status: 200 },
    { name: 'not-found', path: '/no/such/page', status: 404 },
    { name: 'gone', path: `/datasets/${s.ids.removed}`, status: 410 },
  ];
}

const withLang = (p: string, lang: string): string => `${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the pages' content security policy does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, WCAG_TAGS);
}

/** Whether the focused element shows a focus indicator (an outline or a box shadow drawn for focus). */
async function focusIsVisible(page: Page): Promise<{ tag: string; visible: boolean; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null || el === document.body) return { tag: 'body', visible: false, text: '' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    return { tag: el.tagName.toLowerCase(), visible: outline || shadow, text: (el.textContent ?? '').trim().slice(0, 60) };
  });
}

/** Tabs until the focused element matches, checking the focus is visible at every stop. */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusIsVisible(page);
    expect(focus.visible, `focus on <${focus.tag}> "${focus.text}" is not visible`).toBe(true);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tabbing ${max} times never reached ${selector}`);
}

/** The portal in Chromium: every page type in nb, nn and en, the keyboard path, 320 px, JS off. */
export function browserSuite(service: () => PortalService): void {
  describe.skipIf(!hasChromium)('the portal in a real browser (Chromium)', () => {
    let context: BrowserContext;
    let profile: string;

    beforeAll(async () => {
      profile = mkdtempSync(path.join(tmpdir(), 'dk-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      console.log(`Portal screenshots (1280 and 320 CSS px): ${SCREENSHOT_DIR}`);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    });

    for (const lang of LANGS) {
      it(`every page type in ${lang}: no WCAG 2.1 A/AA violation, one h1, landmarks, skip link, lang, no horizontal scroll at 320 px`, async () => {
        const s = service();
        const page = await context.newPage();
        const foreignRequests: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith(s.base) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
        });
        try {
          for (const type of pageTypes(s)) {
            await page.setViewportSize({ width: 1280, height: 900 });
            const response = await page.goto(`${s.base}${withLang(type.path, lang)}`);
            expect(response?.status(), type.name).toBe(type.status);
            await page.waitForLoadState('load');
            const violations = await axeViolations(page);
            expect(violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${type.name} (${lang})`).toEqual([]);
            const shape = await page.evaluate(() => ({
              h1: document.querySelectorAll('h1').length,
              lang: document.documentElement.lang,
              main: document.querySelectorAll('main').length,
              banner: document.querySelectorAll('body > header').length,
              nav: document.querySelectorAll('nav').length,
              footer: document.querySelectorAll('body > footer').length,
              skip: (document.querySelector('a.ds-skip-link') as HTMLAnchorElement | null)?.getAttribute('href') ?? null,
              firstFocusable: document.querySelector('a, button, input, select, textarea')?.className ?? null,
              langSwitch: Array.from(document.querySelectorAll('.dk-langs a'), (a) => a.getAttribute('lang')),
            }));
            expect(shape, type.name).toEqual({ h1: 1, lang, main: 1, banner: 1, nav: expect.any(Number), footer: 1, skip: '#main', firstFocusable: 'ds-skip-link', langSwitch: ['nb', 'nn', 'en'] });
            expect(shape.nav).toBeGreaterThanOrEqual(2);
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${type.name}-${lang}-1280.png`), fullPage: true });
            await page.setViewportSize({ width: 320, height: 640 });
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            expect(width, `${type.name} (${lang}) scrolls sideways at 320 px`).toBeLessThanOrEqual(320);
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${type.name}-${lang}-320.png`) });
          }
        } finally {
          await page.close();
        }
        expect(foreignRequests).toEqual([]);
      }, 240_000);
    }

    it('marks text in another language than the page with its lang', async () => {
      const page = await context.newPage();
      await page.goto(`${service().base}/datasets/${service().ids.defective}?lang=en`);
      expect(await page.locator('h1').getAttribute('lang')).toBe('nb');
      await page.close();
    });

    it('shows a validator report in the browser (the form posted without script)', async () => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await page.goto(`${service().base}/validator?lang=nn`);
      await page.fill('#text', '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://example.no/d> a dcat:Dataset .\n');
      await page.click('button[type=submit]');
      await page.waitForSelector('#report');
      expect(await page.textContent('main')).toContain('Eigenskap: tittel (dct:title)');
      // axe runs as a script: allowed again only to check the page the form answered with.
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'validator-report-nn-1280.png'), fullPage: true });
      await page.close();
    });

    it('search → filter → hit → detail → back, with the keyboard alone and a visible focus at every step', async () => {
      const s = service();
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${s.base}/?lang=en`);
      // The skip link comes first and leads to the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('ds-skip-link');
      expect((await focusIsVisible(page)).visible).toBe(true);
      await page.keyboard.press('Enter');
      await tabTo(page, '#home-q');
      await page.keyboard.type('vann');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('q')).toBe('vann');
      await tabTo(page, 'a[href*="theme=ENVI"]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const filtered = page.url();
      expect(new URL(filtered).searchParams.getAll('theme')).toEqual(['ENVI']);
      await tabTo(page, '.dk-hits h3 a');
      const title = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('h1')).toBe(title);
      await tabTo(page, 'main a');
      // Back is the browser's own (Alt+Left); headless Chromium has no browser UI to take the key, so
      // the test asks the browser to go back, and checks the search is as it was left.
      await page.goBack();
      expect(page.url()).toBe(filtered);
      expect(await page.locator('.dk-chips a.ds-chip').count()).toBe(1);
      await tabTo(page, '.dk-hits h3 a');
      await page.close();
    }, 120_000);

    it('suggests as you type: a combobox whose options the arrow keys move through, Escape closes and Enter opens', async () => {
      const s = service();
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      const expected = (await (await fetch(`${s.base}/api/suggest?q=${encodeURIComponent('snøskred')}&size=8&lang=en`)).json()) as { suggestions: { text: string }[] };
      expect(expected.suggestions.length).toBeGreaterThan(0);
      await page.goto(`${s.base}/search?lang=en`);
      const input = page.locator('#q');
      expect(await input.getAttribute('role')).toBe('combobox');
      expect(await input.getAttribute('aria-expanded')).toBe('false');
      await tabTo(page, '#q');
      await page.keyboard.type('snøskred', { delay: 30 });
      const listbox = page.locator(`#${await input.getAttribute('aria-controls')}`);
      await listbox.locator('[role=option]').first().waitFor({ state: 'visible' });
      expect(await input.getAttribute('aria-expanded')).toBe('true');
      expect(await listbox.getAttribute('role')).toBe('listbox');
      expect(await listbox.locator('[role=option] > span:first-child').allTextContents()).toEqual(expected.suggestions.map((x) => x.text));
      // The number found is announced in a status region.
      const n = expected.suggestions.length;
      expect(await page.locator('.dk-combobox [role=status]').textContent()).toBe(n === 1 ? '1 suggestion' : `${n} suggestions`);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'search-suggestions-en-1280.png') });
      // Arrow down: the first option is active (aria-activedescendant) and shown as selected; up wraps to the last.
      await page.keyboard.press('ArrowDown');
      const first = listbox.locator('[role=option]').first();
      expect(await input.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
      expect(await first.getAttribute('aria-selected')).toBe('true');
      const outline = await first.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('ArrowUp');
      expect(await input.getAttribute('aria-activedescendant')).toBe(await listbox.locator('[role=option]').last().getAttribute('id'));
      // Escape closes the list and keeps the text; the focus stays in the field.
      await page.keyboard.press('Escape');
      expect(await listbox.isHidden()).toBe(true);
      expect(await input.getAttribute('aria-expanded')).toBe('false');
      expect(await input.getAttribute('aria-activedescendant')).toBeNull();
      expect(await input.inputValue()).toBe('snøskred');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
      // Arrow down opens it again on the first option; Enter goes to that record's page.
      await page.keyboard.press('ArrowDown');
      expect(await listbox.isVisible()).toBe(true);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
      expect(await page.textContent('h1')).toBe(expected.suggestions[0]!.text);
      // Back on the search page, Enter without a chosen option searches as the plain form does.
      await page.goto(`${s.base}/search?lang=en`);
      await page.locator('#q').fill('snøskred');
      await Promise.all([page.waitForNavigation(), page.locator('#q').press('Enter')]);
      expect(new URL(page.url()).searchParams.get('q')).toBe('snøskred');
      await page.close();
    }, 60_000);

    it('walks an information model’s tree with the keyboard: a link in the contents leads to its element', async () => {
      const s = service();
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${s.base}/information-models/${s.ids.model}?lang=en`);
      await tabTo(page, 'nav[aria-labelledby="model-contents"] a');
      const target = (await page.evaluate(() => document.activeElement?.getAttribute('href'))) ?? '';
      expect(target).toMatch(/^#el-/);
      await page.keyboard.press('Enter');
      await page.waitForFunction((hash) => location.hash === hash, target);
      const heading = page.locator(`${target} h3`);
      expect(await heading.textContent()).toContain('Legal entity');
      expect(await heading.isVisible()).toBe(true);
      const box = await heading.boundingBox();
      expect(box !== null && box.y >= 0 && box.y < 900).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'information-model-element-en-1280.png') });
      await page.close();
    }, 60_000);

    it('searches and filters with JavaScript turned off', async () => {
      const s = service();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await page.goto(`${s.base}/search?lang=nb`);
      await page.fill('#q', 'luftkvalitet');
      await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
      expect(new URL(page.url()).searchParams.get('q')).toBe('luftkvalitet');
      const before = await page.locator('.dk-hit').count();
      expect(before).toBeGreaterThan(0);
      const facet = page.locator('.dk-facets a').first();
      await Promise.all([page.waitForNavigation(), facet.click()]);
      const chips = await page.locator('.dk-chips a.ds-chip').count();
      expect(chips).toBe(1);
      const after = await page.locator('.dk-hit').count();
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThanOrEqual(before);
      await page.selectOption('#sort', 'title');
      await Promise.all([page.waitForNavigation(), page.click('.dk-toolbar button')]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('title');
      expect(await page.locator('.dk-chips a.ds-chip').count()).toBe(1);
      await page.close();
    }, 60_000);

    it('runs a SPARQL query from the plain form with JavaScript turned off, and shows the results as a page', async () => {
      const s = service();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await page.goto(`${s.base}/sparql?lang=nn`);
      await Promise.all([page.waitForNavigation(), page.click('#sparql-form button[type=submit]')]);
      const url = new URL(page.url());
      expect(url.searchParams.get('lang')).toBe('nn');
      expect(url.searchParams.get('query')).toContain('SELECT');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn');
      expect(await page.locator('table.ds-table tbody tr').count()).toBeGreaterThan(0);
      // The query again, in the form (a form sends its line breaks as CRLF).
      expect(await page.locator('#sparql-form textarea').inputValue()).toBe(url.searchParams.get('query')!.replace(/\r\n/g, '\n'));
      await page.close();
      // The results page meets the same bar as every page.
      const checked = await context.newPage();
      await checked.goto(page.url());
      expect(await axeViolations(checked)).toEqual([]);
      await checked.setViewportSize({ width: 320, height: 640 });
      expect(await checked.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await checked.close();
    }, 60_000);

    it('runs a query in the SPARQL editor served from our origin, in place of the plain form', async () => {
      const s = service();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${s.base}/sparql?lang=en`);
      await page.waitForSelector('#yasgui .yasqe', { timeout: 15_000 });
      expect(await page.locator('#sparql-form').isHidden()).toBe(true);
      await page.click('#yasgui .yasqe_queryButton');
      await page.waitForSelector('#yasgui .yasr table td', { timeout: 15_000 });
      expect(errors).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sparql-editor-en-1280.png'), fullPage: true });
      await page.close();
    }, 60_000);

    it('lets the keyboard into and out of the SPARQL editor: no focus taken on load, Tab leaves it without changing the query', async () => {
      const page = await context.newPage();
      await page.goto(`${service().base}/sparql?lang=nb`);
      await page.waitForSelector('#yasgui .yasqe', { timeout: 15_000 });
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('ds-skip-link');
      const query = () => page.evaluate(() => (document.querySelector('#yasgui .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
      const inEditor = () => page.evaluate(() => document.activeElement?.matches('#yasgui .CodeMirror textarea') === true);
      const before = await query();
      await tabTo(page, '#yasgui .CodeMirror textarea');
      // Tab goes on to the editor's buttons, Shift+Tab back into the query, and again back before it.
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
      await page.keyboard.press('Shift+Tab');
      expect(await inEditor()).toBe(true);
      await page.keyboard.press('Shift+Tab');
      expect(await inEditor()).toBe(false);
      expect(await query()).toBe(before);
      // The editor's English controls are marked English on a Bokmål page; the query field keeps the page's language.
      expect(await page.getAttribute('#yasgui', 'lang')).toBe('en');
      expect(await page.getAttribute('#yasgui .CodeMirror textarea', 'lang')).toBe('nb');
      await page.close();
    }, 60_000);
  });
}
