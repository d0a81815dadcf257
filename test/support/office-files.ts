import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/**
 * Reads a .docx the way a word processor would: the body's paragraphs and tables in
 * document order, each paragraph as its text, each table as rows of cell texts.
 */
export type DocxBlock = { paragraph: string } | { table: string[][] };

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  trimValues: false,
  // cell texts stay as written: "150.0" is not the number 150
  parseTagValue: false,
});

function children(node: Node, tag: string): Node[] {
  return (node[tag] as Node[] | undefined) ?? [];
}

function textOf(nodes: Node[]): string {
  let out = '';
  for (const n of nodes) {
    if ('#text' in n) out += String(n['#text']);
    for (const key of Object.keys(n)) {
      if (key === ':@' || key === '#text') continue;
      out += textOf(n[key] as Node[]);
    }
  }
  return out;
}

export async function readDocx(file: Buffer): Promise<{ blocks: DocxBlock[]; xml: string }> {
  const zip = await JSZip.loadAsync(file);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = parser.parse(xml) as Node[];
  const documentNode = doc.find((n) => 'w:document' in n)!;
  const body = children(documentNode, 'w:document').find((n) => 'w:body' in n)!;
  const blocks: DocxBlock[] = [];
  for (const n of children(body, 'w:body')) {
    if ('w:p' in n) blocks.push({ paragraph: textOf(children(n, 'w:p')) });
    if ('w:tbl' in n) {
      const rows = children(n, 'w:tbl')
        .filter((r) => 'w:tr' in r)
        .map((r) =>
          children(r, 'w:tr')
            .filter((c) => 'w:tc' in c)
            .map((c) => textOf(children(c, 'w:tc'))),
        );
      blocks.push({ table: rows });
    }
  }
  return { blocks, xml };
}

export const paragraphsOf = (blocks: DocxBlock[]) =>
  blocks.flatMap((b) => ('paragraph' in b && b.paragraph ? [b.paragraph] : []));
export const tablesOf = (blocks: DocxBlock[]) => blocks.flatMap((b) => ('table' in b ? [b.table] : []));
