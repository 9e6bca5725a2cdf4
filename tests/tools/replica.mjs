// replica.mjs DIR OUT - the pages of an unpacked replica EPUB (build --fxl)
// in Debian's headless Chromium, each opened from file:// at its viewport
// size: OUT/page-NN.png, the screenshot once the page's fonts have loaded,
// and OUT/page-NN.json, every character of its SVG text with the position
// Chromium gives it ({"c", "x", "y"}: the start of its glyph on the
// baseline, in the page's pt), in DOM order, and whether every embedded
// font loaded.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../reader/package.json'));
const { chromium } = require('playwright-core');

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node replica.mjs UNPACKED_EPUB_DIR OUT_DIR');
  process.exit(2);
}
const oebps = join(dir, 'OEBPS');
const pages = readdirSync(oebps).filter((f) => /^page-\d+\.xhtml$/.test(f)).sort();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--allow-file-access-from-files'],
});
let failed = 0;
try {
  for (const f of pages) {
    const src = readFileSync(join(oebps, f), 'utf8');
    const m = /name="viewport" content="width=(\d+), height=(\d+)"/.exec(src);
    if (!m) throw new Error(`${f}: no viewport`);
    const [w, h] = [Number(m[1]), Number(m[2])];
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(pathToFileURL(join(oebps, f)).href);
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      const all = [...document.fonts];
      await Promise.all(all.map((x) => x.load().catch(() => null)));
      return all.map((x) => ({ family: x.family, status: x.status }));
    });
    const chars = await page.evaluate(() => {
      const res = [];
      for (const t of document.querySelectorAll('svg text')) {
        const s = t.textContent;
        const n = t.getNumberOfChars();
        // n counts UTF-16 units; report one entry per code point
        for (let i = 0, k = 0; i < n; k++) {
          const cp = s.codePointAt(i);
          const p = t.getStartPositionOfChar(i);
          res.push({ c: String.fromCodePoint(cp), x: p.x, y: p.y });
          i += cp > 0xffff ? 2 : 1;
        }
      }
      return res;
    });
    const name = f.replace('.xhtml', '');
    await page.screenshot({ path: join(out, `${name}.png`),
                            clip: { x: 0, y: 0, width: w, height: h } });
    writeFileSync(join(out, `${name}.json`), JSON.stringify({ fonts, chars }));
    const bad = fonts.filter((x) => x.status !== 'loaded');
    console.log(JSON.stringify({ ok: bad.length === 0, page: name, width: w, height: h,
                                 chars: chars.length, fonts: fonts.length, unloaded: bad }));
    if (bad.length) failed = 1;
    await page.close();
  }
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.message || e) }));
  failed = 1;
} finally {
  await browser.close();
}
process.exit(failed);
