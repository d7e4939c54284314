import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { PrintableDocument, PrintableSection } from '../../workflows/engine';
import { rawEnv } from '../../config';

/**
 * Lays a procedure's printable document out as an A4 PDF with pdfkit. Chinese needs a CJK font, taken from Debian's
 * packages (scripts/setup-tools.sh installs fonts-wqy-microhei); PDF_FONT names another file, `PDF_FONT_FAMILY` the
 * face inside a .ttc collection.
 */

const candidates: { file: string; family: string }[] = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

/** The CJK font to embed, or null when none is installed. */
export function cjkFont(env: NodeJS.ProcessEnv = rawEnv()): { file: string; family?: string } | null {
  if (env.PDF_FONT) return existsSync(env.PDF_FONT) ? { file: env.PDF_FONT, family: env.PDF_FONT_FAMILY } : null;
  return candidates.find((c) => existsSync(c.file)) ?? null;
}

const PAGE = { size: 'A4' as const, margin: 50 };
const INK = '#111111';
const MUTED = '#555555';

/** Small-print lines after a document's sections, e.g. the case's audit trail with its hashes (one line each). */
export interface PdfAppendix {
  heading: string;
  note: string;
  lines: string[];
}

/** A case's files after a document's sections: each a thumbnail (JPEG; absent for a PDF file) beside its caption. */
export interface PdfEvidence {
  heading: string;
  note: string;
  /** `caption`: lines printed beside the thumbnail; the last is the file's SHA-256, in small print. */
  items: { image?: Buffer; caption: string[] }[];
}

/** Side of the box a thumbnail is fitted into, in PDF points (72 a inch). */
const THUMB_PT = 120;

/**
 * Renders the document, then `evidence` (the case's files with thumbnails and hashes) and `appendix` (small print)
 * when given; resolves with the PDF bytes.
 */
export function renderPdf(
  doc: PrintableDocument,
  font: { file: string; family?: string },
  printedAt: string,
  appendix?: PdfAppendix,
  evidence?: PdfEvidence,
) {
  const pdf = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: doc.title, Subject: doc.subtitle, Creator: 'procedure-workflow' },
  });
  pdf.registerFont('cjk', font.file, font.family);
  pdf.font('cjk');
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - PAGE.margin * 2;
  pdf.fillColor(INK).fontSize(18).text(doc.title, { align: 'center' });
  pdf.moveDown(0.3).fontSize(10).fillColor(MUTED).text(doc.subtitle, { align: 'center' });
  if (doc.draft) pdf.moveDown(0.3).fillColor('#b00020').text(doc.draft, { align: 'center' });
  pdf.moveDown(1);
  for (const section of doc.sections) writeSection(pdf, section, width);
  if (evidence) writeEvidence(pdf, evidence, width);
  if (appendix) {
    writeSection(pdf, { heading: appendix.heading, text: appendix.note }, width);
    // 7 pt keeps a 64-digit hash on one line.
    pdf.fontSize(7).fillColor(INK);
    for (const line of appendix.lines) {
      ensureRoom(pdf, 10);
      pdf.text(line, PAGE.margin, pdf.y, { width, lineBreak: false });
    }
  }
  pdf.moveDown(1).fontSize(8).fillColor(MUTED).text(printedAt, { align: 'right' });

  // Page numbers last, when the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${i + 1} / ${range.count}`, PAGE.margin, pdf.page.height - 30, { width, align: 'center' });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number) {
  if (pdf.y + height > pdf.page.height - PAGE.margin) pdf.addPage();
}

function writeEvidence(pdf: PDFKit.PDFDocument, evidence: PdfEvidence, width: number) {
  writeSection(pdf, { heading: evidence.heading, text: evidence.note }, width);
  const x = PAGE.margin;
  const textX = x + THUMB_PT + 12;
  const textWidth = width - THUMB_PT - 12;
  for (const item of evidence.items) {
    ensureRoom(pdf, THUMB_PT + 12);
    const top = pdf.y;
    if (item.image) pdf.image(item.image, x, top, { fit: [THUMB_PT, THUMB_PT] });
    else pdf.rect(x, top, THUMB_PT, THUMB_PT).strokeColor('#cccccc').lineWidth(0.5).stroke();
    pdf.y = top;
    item.caption.forEach((line, i) => {
      const last = i === item.caption.length - 1;
      // 6.5 pt keeps 'SHA-256 ' and 64 hexadecimal digits on one line beside the thumbnail.
      pdf
        .fontSize(last ? 6.5 : 9)
        .fillColor(i === 0 || last ? INK : MUTED)
        .text(line, textX, pdf.y, { width: textWidth });
    });
    pdf.x = x;
    pdf.y = Math.max(pdf.y, top + THUMB_PT) + 10;
  }
  pdf.moveDown(0.5);
}

function writeSection(pdf: PDFKit.PDFDocument, section: PrintableSection, width: number) {
  const x = PAGE.margin;
  ensureRoom(pdf, 60);
  pdf.fontSize(12).fillColor(INK).text(section.heading, x, pdf.y);
  pdf
    .moveTo(x, pdf.y + 2)
    .lineTo(x + width, pdf.y + 2)
    .strokeColor('#999999')
    .lineWidth(0.5)
    .stroke();
  pdf.moveDown(0.5).fontSize(10);
  for (const field of section.fields ?? []) writeRow(pdf, [field.label, field.value], [140, width - 140], MUTED);
  if (section.table) {
    const cols = section.table.columns.length;
    const widths = Array.from({ length: cols }, () => width / cols);
    writeRow(pdf, section.table.columns, widths, MUTED);
    for (const row of section.table.rows) writeRow(pdf, row, widths, INK);
    if (section.table.rows.length === 0) pdf.fillColor(MUTED).text('—', x, pdf.y);
  }
  if (section.text !== undefined) pdf.fillColor(INK).text(section.text, x, pdf.y, { width });
  pdf.moveDown(1);
}

/** One row of cells side by side; the row is as tall as its tallest cell. */
function writeRow(pdf: PDFKit.PDFDocument, cells: string[], widths: number[], firstColor: string) {
  const heights = cells.map((c, i) => pdf.heightOfString(c || '—', { width: widths[i]! - 6 }));
  const height = Math.max(...heights) + 4;
  ensureRoom(pdf, height);
  const y = pdf.y;
  let x = PAGE.margin;
  cells.forEach((cell, i) => {
    pdf.fillColor(i === 0 ? firstColor : INK).text(cell || '—', x, y, { width: widths[i]! - 6 });
    x += widths[i]!;
  });
  pdf.x = PAGE.margin;
  pdf.y = y + height;
}
