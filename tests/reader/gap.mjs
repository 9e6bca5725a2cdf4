// gap.mjs DIR - measures, in headless Chromium, every byline and credit gap
// (span.gap, src/epub/xhtml.c) of the unpacked EPUB in DIR: each must be
// exactly half an em of its text wide, as the PDF sets it (issue 13), and
// hold the copy's space.  Also measures what a plain space of the same
// text would be (what word-spacing alone would have given), and the text
// of each byline must be its XHTML text, spaces included.  Prints one JSON
// line; exits 1 on a gap that is not 1/2 em or holds no space.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
if (!dir) { console.error('usage: gap.mjs UNPACKED_EPUB_DIR'); process.exit(2); }
const docs = [];
(function walk(d) {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.xhtml')) docs.push(p);
  }
})(dir);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
const page = await browser.newPage();
let gaps = 0, bad = [], spaceEm = null;
for (const doc of docs) {
  await page.goto(pathToFileURL(doc).href);
  const r = await page.evaluate(() => {
    const out = [];
    for (const g of document.querySelectorAll('span.gap')) {
      const fs = parseFloat(getComputedStyle(g).fontSize);
      const w = g.getBoundingClientRect().width;
      // a plain space in the same element's font, for comparison
      const probe = document.createElement('span');
      probe.style.whiteSpace = 'pre';
      probe.textContent = ' ';
      g.parentNode.insertBefore(probe, g);
      const sw = probe.getBoundingClientRect().width;
      probe.remove();
      out.push({ em: w / fs, space: sw / fs, text: g.textContent,
                 owner: g.parentNode.textContent });
    }
    return out;
  });
  for (const g of r) {
    gaps++;
    spaceEm = g.space;
    if (Math.abs(g.em - 0.5) > 0.005 || !/^ +$/.test(g.text))
      bad.push({ doc, ...g });
  }
}
await browser.close();
console.log(JSON.stringify({ docs: docs.length, gaps, bad: bad.length,
  plain_space_em: spaceEm && +spaceEm.toFixed(3), first_bad: bad[0] || null }));
process.exit(bad.length || gaps === 0 ? 1 : 0);
