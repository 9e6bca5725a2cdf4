// epaper.mjs FOLDER SHOT.png - opens every page-NN.html of a page-image
// folder (build --png) from file:// in Debian's headless Chromium, clicks
// the middle of every zone of zones.json on the page image, and checks that
// the click shows that article (the :target, displayed, with text) and no
// other; then follows one jump link to the page and article it names.
// Prints one JSON line per page; exits 1 on the first failure.  SHOT.png:
// page 1 with its first article open (to look at).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../reader/package.json'));
const { chromium } = require('playwright-core');

const [dir, shot] = process.argv.slice(2);
if (!dir || !shot) {
  console.error('usage: node epaper.mjs FOLDER SHOT.png');
  process.exit(2);
}
const zones = JSON.parse(readFileSync(join(dir, 'zones.json'), 'utf8'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
let failed = 0;
const fail = (m) => { console.log(JSON.stringify({ ok: false, error: m })); failed = 1; };
try {
  for (const [i, pg] of zones.pages.entries()) {
    const nn = String(i + 1).padStart(2, '0');
    const url = pathToFileURL(join(dir, `page-${nn}.html`)).href;
    // room for the whole image: the map's pixels are the image's
    const page = await browser.newPage({
      viewport: { width: pg.width_px + 600, height: pg.height_px + 40 },
    });
    await page.goto(url);
    const img = page.locator('img[usemap]');
    const box = await img.boundingBox();
    if (!box || Math.round(box.width) !== pg.width_px)
      throw new Error(`page ${pg.page}: image box ${JSON.stringify(box)}`);
    const here = zones.articles.filter((a) => a.regions.some((r) => r.page === pg.page));
    let clicked = 0;
    for (const a of here) {
      const reg = a.regions.find((r) => r.page === pg.page);
      for (const [x, y, w, h] of reg.rects_px) {
        await page.mouse.click(box.x + x + w / 2, box.y + y + h / 2);
        const got = await page.evaluate(() => {
          const shown = [...document.querySelectorAll('aside article')]
            .filter((e) => getComputedStyle(e).display !== 'none');
          return { hash: decodeURIComponent(location.hash),
                   shown: shown.map((e) => e.id),
                   text: shown.length ? shown[0].innerText : '' };
        });
        if (got.hash !== `#a-${a.id}` || got.shown.length !== 1 ||
            got.shown[0] !== `a-${a.id}` || got.text.trim().length < 2)
          throw new Error(`page ${pg.page}: a click in ${a.id}'s zone [${x},${y},${w},${h}] ` +
                          `showed ${JSON.stringify(got.shown)} (hash ${got.hash})`);
        clicked++;
      }
    }
    if (i === 0 && here.length) {
      const a = here[0], [x, y, w, h] = a.regions[0].rects_px[0];
      await page.mouse.click(box.x + x + w / 2, box.y + y + h / 2);
      await page.screenshot({ path: shot });
    }
    // a jump line's link opens the other page at the same article
    let jumped = null;
    const jl = page.locator('aside p.jump a');
    if (await jl.count()) {
      const first = jl.first();
      const href = await first.getAttribute('href');
      const id = decodeURIComponent(href.split('#')[1]);
      await page.goto(url + '#' + id);
      await first.click();
      await page.waitForLoadState();
      jumped = await page.evaluate(() => {
        const shown = [...document.querySelectorAll('aside article')]
          .filter((e) => getComputedStyle(e).display !== 'none');
        return { file: location.pathname.split('/').pop(), shown: shown.map((e) => e.id) };
      });
      if (jumped.file !== href.split('#')[0] || jumped.shown[0] !== id)
        throw new Error(`page ${pg.page}: jump link ${href} led to ${JSON.stringify(jumped)}`);
    }
    console.log(JSON.stringify({ ok: true, page: pg.page, articles: here.length,
                                 clicks: clicked, jump: jumped }));
    await page.close();
  }
} catch (e) {
  fail(String(e && e.message || e));
} finally {
  await browser.close();
}
process.exit(failed);
