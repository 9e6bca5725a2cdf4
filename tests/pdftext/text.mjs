// text.mjs PDF - prints the text layer pdf.js gives each page (the strings
// of getTextContent joined as its find controller joins them: items in
// order, a newline where pdf.js marks an end of line), pages separated by a
// form feed.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
let out = "";
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  const tc = await page.getTextContent();
  for (const it of tc.items) {
    if (!("str" in it)) continue;
    out += it.str + (it.hasEOL ? "\n" : "");
  }
  out += "\n\f";
}
process.stdout.write(out);
