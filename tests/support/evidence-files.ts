import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/**
 * Real files for evidence tests: a phone photo (JPEG with EXIF capture time, GPS and orientation 6, i.e. taken
 * with the phone held upright: stored 40×20, shown 20×40), a scanned statement (PDF), a PNG, and byte padding.
 */
export async function phonePhoto(colour = '#c00'): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone' },
      IFD2: { DateTimeOriginal: '2026:11:30 14:05:00', OffsetTimeOriginal: '+08:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A PNG of `bytes` bytes at least: a small image followed by padding (still a PNG by its content). */
export async function paddedPng(bytes: number, colour = '#0c0'): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } })
    .png()
    .toBuffer();
  return Buffer.concat([png, Buffer.alloc(Math.max(0, bytes - png.length), 7)]);
}

/** A one-page PDF, as a scanner would give a signed statement. */
export function statementPdf(text = 'Statement of facts'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** A ZIP archive's leading bytes (local file header), i.e. not a photo whatever its name says. */
export const zipBytes = () =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(120, 1)]);
