// Headless Chromium for the report's browser specs: Debian's /usr/bin/chromium (or RXHPO_CHROMIUM)
// driven by playwright-core. Where it is absent the specs skip, saying why.
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env['RXHPO_CHROMIUM'] ?? '/usr/bin/chromium';
/** Why the browser specs skip, or false when Chromium is there. */
export const noChromium: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set RXHPO_CHROMIUM)`;

/** Screenshots land here (listed in .gitignore): artifacts of a run, not sources. */
export const ARTIFACTS = 'artifacts/report';

export const launch = async (): Promise<Browser> => {
  const { chromium } = await import('playwright-core');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};

/** A page that records console errors and uncaught exceptions. */
export const watchedPage = async (browser: Browser): Promise<{ page: Page; errors: string[] }> => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { page, errors };
};

/** The id and drawn size of every plotly chart on the page. */
export const chartSizes = (page: Page): Promise<Array<{ id: string; width: number; height: number; marks: number }>> =>
  page.$$eval('.js-plotly-plot', (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      // Drawn marks: points, lines, bars and contour fills plotly put in the SVG.
      const marks = e.querySelectorAll(
        '.point, .js-line, path.js-line, .bars path, .contourlevel path, .heatmaplayer image, .trace path',
      ).length;
      return { id: e.id, width: r.width, height: r.height, marks };
    }),
  );
