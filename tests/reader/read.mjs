// read.mjs BOOK.epub SCREENSHOT.png
//
// A real reading system opens the EPUB: epub.js (the engine behind many web
// and app readers) in Debian's headless Chromium, driven by playwright-core.
// It displays the first article and asserts, from the rendered page:
//   1. the article's text, as written in the EPUB's XHTML, is what the
//      reader shows (same content characters, same order) and its headline
//      is inside the visible page;
//   2. no character is drawn as a missing-glyph box: each distinct character
//      is drawn on a canvas inside the article's own document (so with the
//      book's stylesheet and any embedded font) in the font of the element
//      that holds it, and compared with the box drawn for unassigned code
//      points in that same font;
// then saves a screenshot.  Prints one JSON line; exits 1 on failure.
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const [bookPath, shotPath] = process.argv.slice(2);
if (!bookPath || !shotPath) {
  console.error('usage: node read.mjs BOOK.epub SCREENSHOT.png');
  process.exit(2);
}

// Han ideographs (all planes), ASCII letters and digits, circled numbers:
// the characters a reader must show exactly (as ../shared/tools/roundtrip.py).
const KEEP = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}0-9A-Za-z\u2460-\u2473]/gu;
const content = (s) => (s.normalize('NFC').replace(/[\uff01-\uff5e]/g,
  (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).match(KEEP) || []).join('');

function unescapeXml(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X'
      ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
  });
}

// The first spine document that holds an <article>, and its text.
const data = readFileSync(bookPath);
const zip = await JSZip.loadAsync(data);
const container = await zip.file('META-INF/container.xml').async('string');
const opfPath = container.match(/full-path="([^"]+)"/)[1];
const base = opfPath.includes('/') ? opfPath.replace(/[^/]+$/, '') : '';
const opf = await zip.file(opfPath).async('string');
const items = {};
for (const m of opf.matchAll(/<item\s[^>]*>/g)) {
  items[m[0].match(/id="([^"]+)"/)[1]] = m[0].match(/href="([^"]+)"/)[1];
}
let href = null, expected = null;
for (const m of opf.matchAll(/<itemref\s[^>]*idref="([^"]+)"/g)) {
  const x = await zip.file(base + items[m[1]]).async('string');
  const art = x.match(/<article[\s>][\s\S]*<\/article>/);
  if (art) {
    href = items[m[1]];
    expected = unescapeXml(art[0].replace(/<br\s*\/>/g, '\n').replace(/<[^>]+>/g, ''));
    break;
  }
}
if (!href) {
  console.error('no article document in the spine');
  process.exit(1);
}

// Flags Chromium needs on these machines (no network, root, no GPU).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
let result;
try {
  const page = await browser.newPage({ viewport: { width: 640, height: 860 } });
  await page.setContent('<!DOCTYPE html><html><body style="margin:20px">' +
    '<div id="viewer" style="width:600px;height:820px"></div></body></html>');
  await page.addScriptTag({ path: join(here, 'node_modules/jszip/dist/jszip.min.js') });
  await page.addScriptTag({ path: join(here, 'node_modules/epubjs/dist/epub.min.js') });
  result = await page.evaluate(async ({ b64, href }) => {
    const bin = atob(b64);
    const buf = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
    const book = window.ePub(buf.buffer);
    const rendition = book.renderTo('viewer', { width: 600, height: 820 });
    await rendition.display(href);
    const contents = rendition.getContents()[0];
    const doc = contents.document;
    await doc.fonts.ready;
    const article = doc.querySelector('article');
    const h1 = doc.querySelector('h1');
    const frame = document.querySelector('#viewer iframe');
    const fr = frame.getBoundingClientRect();
    const hr = h1.getBoundingClientRect();
    const view = frame.ownerDocument.defaultView;
    // the headline is on the page shown (epub.js scrolls the iframe's
    // container to the current column)
    const box = document.querySelector('#viewer .epub-container');
    const left = box ? box.scrollLeft : 0;
    const headlineVisible = hr.width > 0 && hr.left - left >= -1 &&
      hr.left - left < fr.width && hr.top >= 0 && hr.bottom <= fr.height;

    // missing glyphs, per element font
    const canvas = doc.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const draw = (font, ch) => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = font;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'middle';
      ctx.fillText(ch, 4, 32);
      const px = ctx.getImageData(0, 0, 64, 64).data;
      let h = 0, ink = 0;
      for (let i = 3; i < px.length; i += 4) {
        h = (h * 31 + px[i]) >>> 0;
        ink += px[i] > 0;
      }
      return { sig: h + ':' + ink, ink };
    };
    const missing = [];
    const checked = new Set();
    let nchars = 0;
    for (const el of article.querySelectorAll('h1,h2,p,figcaption,span')) {
      const cs = view.getComputedStyle ? doc.defaultView.getComputedStyle(el) : null;
      const font = `${cs.fontWeight} 40px ${cs.fontFamily}`;
      const tofu = new Set(['\u0378', '\u0379', '\u{10FFFD}', '\uFFFF']
        .map((c) => draw(font, c).sig));
      for (const ch of el.textContent) {
        if (/\s/u.test(ch) || ch === '\u3000' || checked.has(font + ch)) continue;
        checked.add(font + ch);
        nchars++;
        const r = draw(font, ch);
        if (r.ink === 0 || tofu.has(r.sig)) missing.push(ch);
      }
    }
    return {
      text: article.innerText,
      headlineVisible,
      fontsChecked: nchars,
      missing: [...new Set(missing)].join(''),
      title: doc.title,
    };
  }, { b64: data.toString('base64'), href });
  mkdirSync(dirname(shotPath), { recursive: true });
  await page.screenshot({ path: shotPath });
} finally {
  await browser.close();
}

const want = content(expected), got = content(result.text);
const ok = want.length > 0 && want === got && result.headlineVisible &&
  result.missing === '' && result.fontsChecked > 0;
console.log(JSON.stringify({
  ok, href, title: result.title, expected_chars: want.length,
  shown_chars: got.length, text_equal: want === got,
  headline_visible: result.headlineVisible, glyphs_checked: result.fontsChecked,
  missing_glyphs: result.missing, screenshot: shotPath,
}));
if (!ok) {
  if (want !== got) console.error(`expected: ${want}\nshown:    ${got}`);
  process.exit(1);
}
