import { inflateSync } from 'node:zlib';

/**
 * Enough of PDF to read back what Chromium printed, without a PDF library: its pages, and
 * the text each page draws. Chromium draws text as glyph codes of embedded font subsets
 * (Type3 fonts for a variable web font), so the words are not in the bytes as such; each
 * font's ToUnicode map turns its codes back into text.
 */

interface PdfObject {
  dict: string;
  stream: string | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    let stream: string | null = null;
    if (s >= 0) {
      let from = start + s + 'stream'.length;
      if (pdf[from] === 0x0d) from++;
      if (pdf[from] === 0x0a) from++;
      const raw = pdf.subarray(from, text.lastIndexOf('endstream', end));
      try {
        stream = inflateSync(raw).toString('latin1');
      } catch {
        stream = raw.toString('latin1');
      }
    }
    found.set(Number(m[1]), { dict: s >= 0 ? body.slice(0, s) : body, stream });
  }
  return found;
}

const utf16 = (hex: string) => {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
};

/** A font's code → text, from its ToUnicode CMap (bfchar and bfrange entries). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, u] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(code, 16), utf16(u));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, from, to, u] of block[1].matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const first = parseInt(from, 16);
      const base = parseInt(u, 16);
      for (let c = first; c <= parseInt(to, 16); c++) map.set(c, String.fromCharCode(base + c - first));
    }
  return map;
}

/** The bytes of a literal string `( … )` with its escapes undone. */
function literalBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out.push(s.charCodeAt(i));
      continue;
    }
    const next = s[++i];
    const octal = /^[0-7]{1,3}/.exec(s.slice(i));
    if (octal) {
      out.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else
      out.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return out;
}

/** The text each page draws, page by page, in drawing order (runs joined without spaces). */
export function pdfPages(pdf: Buffer): string[] {
  const all = objects(pdf);
  const pages = [...all.values()].filter((o) => /\/Type\s*\/Page(?![s\w])/.test(o.dict));
  return pages.map((page) => {
    const fonts = new Map<string, { width: number; map: Map<number, string> }>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = all.get(Number(ref))!;
      const cmapRef = /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict)?.[1];
      fonts.set(name, {
        width: /\/Subtype\s*\/Type0/.test(font.dict) ? 2 : 1,
        map: cmapRef ? toUnicode(all.get(Number(cmapRef))?.stream ?? '') : new Map(),
      });
    }
    const contents = /\/Contents\s+(\d+) 0 R/.exec(page.dict)?.[1];
    const content = (contents && all.get(Number(contents))?.stream) ?? '';
    let font = fonts.values().next().value ?? { width: 1, map: new Map<number, string>() };
    let text = '';
    for (const m of content.matchAll(
      /\/(\w+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\(((?:\\[\s\S]|[^\\)])*)\)/g,
    )) {
      if (m[1]) {
        font = fonts.get(m[1]) ?? font;
        continue;
      }
      const bytes =
        m[2] !== undefined
          ? (m[2].replace(/\s/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16))
          : literalBytes(m[3]);
      for (let i = 0; i + font.width <= bytes.length; i += font.width) {
        const code = font.width === 2 ? bytes[i] * 256 + bytes[i + 1] : bytes[i];
        text += font.map.get(code) ?? '';
      }
    }
    return text;
  });
}

export function pdfText(pdf: Buffer): string {
  return pdfPages(pdf).join('\n');
}

/** How many pages the file has (page objects, not the page tree's nodes). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
