// read.mjs BOOK.epub SCREENSHOT.png [--font-only FAMILY] [--expect-missing CHARS]
//          [-- BOOK2.epub SCREENSHOT2.png ...]
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
// then saves a screenshot.  With --font-only FAMILY the article is set in
// the book's embedded font FAMILY alone, which must load (Chromium's OTS
// sanitizer accepts it) and be used.  With --expect-missing CHARS exactly
// those characters must be found missing (the check's own negative test).
// Several books share one browser.  Prints one JSON line per book; exits 1
// if any book fails.
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

function parseJobs(argv) {
  const jobs = [];
  let cur = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') { cur = null; continue; }
    if (!cur) { cur = { book: argv[i], shot: argv[++i] }; jobs.push(cur); continue; }
    if (argv[i] === '--font-only') cur.fontOnly = argv[++i];
    else if (argv[i] === '--expect-missing') cur.expectMissing = argv[++i];
    else cur.bad = true;
  }
  return jobs;
}

// Han ideographs (all planes), ASCII letters and digits, circled numbers:
// the characters a reader must show exactly (as tests/tools/roundtrip.py).
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
async function firstArticle(data) {
  const zip = await JSZip.loadAsync(data);
  const container = await zip.file('META-INF/container.xml').async('string');
  const opfPath = container.match(/full-path="([^"]+)"/)[1];
  const base = opfPath.includes('/') ? opfPath.replace(/[^/]+$/, '') : '';
  const opf = await zip.file(opfPath).async('string');
  const items = {};
  for (const m of opf.matchAll(/<item\s[^>]*>/g)) {
    items[m[0].match(/id="([^"]+)"/)[1]] = m[0].match(/href="([^"]+)"/)[1];
  }
  for (const m of opf.matchAll(/<itemref\s[^>]*idref="([^"]+)"/g)) {
    const x = await zip.file(base + items[m[1]]).async('string');
    const art = x.match(/<article[\s>][\s\S]*<\/article>/);
    if (art) {
      return {
        href: items[m[1]],
        text: unescapeXml(art[0].replace(/<br\s*\/>/g, '\n').replace(/<[^>]+>/g, '')),
      };
    }
  }
  return null;
}

// Runs inside the page: display `href`, then measure.
async function inPage({ b64, href, fontOnly }) {
  const bin = atob(b64);
  const buf = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
  const book = window.ePub(buf.buffer);
  const rendition = book.renderTo('viewer', { width: 600, height: 820 });
  await rendition.display(href);
  const doc = rendition.getContents()[0].document;
  let fontStatus = null;
  if (fontOnly) {
    const st = doc.createElement('style');
    st.textContent = `body, body * { font-family: "${fontOnly}" !important; }`;
    doc.head.appendChild(st);
    await doc.fonts.load(`16px "${fontOnly}"`, doc.body.textContent);
  }
  await doc.fonts.ready;
  if (fontOnly) {
    const face = [...doc.fonts].find((f) => f.family.replace(/"/g, '') === fontOnly);
    fontStatus = face ? face.status : 'absent';
  }
  const article = doc.querySelector('article');

  // the headline is on the page shown (epub.js scrolls the iframe's
  // container to the current column)
  const frame = document.querySelector('#viewer iframe');
  const fr = frame.getBoundingClientRect();
  const hr = doc.querySelector('h1').getBoundingClientRect();
  const box = document.querySelector('#viewer .epub-container');
  const left = box ? box.scrollLeft : 0;
  const headlineVisible = hr.width > 0 && hr.left - left >= -1 &&
    hr.left - left < fr.width && hr.top >= 0 && hr.bottom <= fr.height;

  // missing glyphs, in each element's own font
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
  const missing = new Set();
  const checked = new Set();
  for (const el of article.querySelectorAll('h1,h2,p,figcaption,span')) {
    const cs = doc.defaultView.getComputedStyle(el);
    const font = `${cs.fontWeight} 40px ${cs.fontFamily}`;
    const tofu = new Set(['\u0378', '\u0379', '\u{10FFFD}', '\uFFFF']
      .map((c) => draw(font, c).sig));
    for (const ch of el.textContent) {
      if (/\s/u.test(ch) || checked.has(font + ch)) continue;
      checked.add(font + ch);
      const r = draw(font, ch);
      if (r.ink === 0 || tofu.has(r.sig)) missing.add(ch);
    }
  }
  return {
    text: article.innerText,
    headlineVisible,
    glyphsChecked: checked.size,
    missing: [...missing].join(''),
    title: doc.title,
    fontStatus,
  };
}

async function readBook(browser, job) {
  const data = readFileSync(job.book);
  const first = await firstArticle(data);
  if (!first) return { ok: false, book: job.book, error: 'no article in the spine' };
  const page = await browser.newPage({ viewport: { width: 640, height: 860 } });
  let r;
  try {
    await page.setContent('<!DOCTYPE html><html><body style="margin:20px">' +
      '<div id="viewer" style="width:600px;height:820px"></div></body></html>');
    await page.addScriptTag({ path: join(here, 'node_modules/jszip/dist/jszip.min.js') });
    await page.addScriptTag({ path: join(here, 'node_modules/epubjs/dist/epub.min.js') });
    r = await page.evaluate(inPage, {
      b64: data.toString('base64'), href: first.href, fontOnly: job.fontOnly,
    });
    mkdirSync(dirname(job.shot), { recursive: true });
    await page.screenshot({ path: job.shot });
  } finally {
    await page.close();
  }
  const want = content(first.text), got = content(r.text);
  if (want !== got) console.error(`${job.book}:\nexpected: ${want}\nshown:    ${got}`);
  const ok = want.length > 0 && want === got && r.headlineVisible &&
    r.glyphsChecked > 0 && r.missing === (job.expectMissing || '') &&
    (!job.fontOnly || r.fontStatus === 'loaded');
  return {
    ok, book: job.book, href: first.href, title: r.title,
    expected_chars: want.length, shown_chars: got.length, text_equal: want === got,
    headline_visible: r.headlineVisible, glyphs_checked: r.glyphsChecked,
    missing_glyphs: r.missing, embedded_font: r.fontStatus, screenshot: job.shot,
  };
}

const jobs = parseJobs(process.argv.slice(2));
if (!jobs.length || jobs.some((j) => !j.book || !j.shot || j.bad)) {
  console.error('usage: node read.mjs BOOK.epub SCREENSHOT.png [--font-only FAMILY] ' +
    '[--expect-missing CHARS] [-- BOOK2.epub ...]');
  process.exit(2);
}
// Flags Chromium needs on these machines (no network, root, no GPU).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
let failed = 0;
try {
  for (const job of jobs) {
    const r = await readBook(browser, job);
    console.log(JSON.stringify(r));
    failed += !r.ok;
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
