import exifr from 'exifr';
import sharp from 'sharp';
import type { Readable } from 'node:stream';

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 320;

/** What a photo's EXIF block says about when and where it was taken (nothing when it has no such block). */
export interface CaptureFacts {
  /** `YYYY-MM-DDTHH:mm:ss`, with the offset when the camera recorded one (else the camera's local time). */
  takenAt?: string;
  /** Decimal degrees, WGS 84. */
  place?: { latitude: number; longitude: number };
}

/**
 * Reads capture time and GPS position from the leading bytes of an image (`head`: the EXIF block sits near the start
 * of JPEG, TIFF and the like). A file without EXIF, or with a broken one, gives `{}`: EXIF is a help, never a reason
 * to refuse a file.
 */
export async function captureFacts(head: Buffer): Promise<CaptureFacts> {
  const facts: CaptureFacts = {};
  try {
    const raw = (await exifr.parse(head, {
      tiff: true,
      exif: true,
      gps: true,
      reviveValues: false,
      translateValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal'],
    })) as Record<string, unknown> | undefined;
    const stamp = String(raw?.DateTimeOriginal ?? raw?.CreateDate ?? '');
    const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(stamp);
    if (m) {
      const offset = typeof raw?.OffsetTimeOriginal === 'string' ? raw.OffsetTimeOriginal.trim() : '';
      facts.takenAt = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${/^[+-]\d{2}:\d{2}$/.test(offset) ? offset : ''}`;
    }
  } catch {
    // no EXIF, or not parseable: no capture time
  }
  try {
    const gps = (await exifr.gps(head)) as { latitude?: number; longitude?: number } | undefined;
    if (
      gps &&
      Number.isFinite(gps.latitude) &&
      Number.isFinite(gps.longitude) &&
      Math.abs(gps.latitude!) <= 90 &&
      Math.abs(gps.longitude!) <= 180
    )
      facts.place = { latitude: round6(gps.latitude!), longitude: round6(gps.longitude!) };
  } catch {
    // no GPS block
  }
  return facts;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A JPEG thumbnail of an image stream, at most {@link THUMBNAIL_PX} on its longest side, turned upright by the EXIF
 * orientation (and stripped of EXIF, so it carries no GPS). Rejects when the image cannot be decoded.
 */
export async function thumbnailOf(image: Readable): Promise<Buffer> {
  const pipeline = sharp({ failOn: 'error' })
    .rotate()
    .resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 });
  image.on('error', (err) => pipeline.destroy(err));
  return image.pipe(pipeline).toBuffer();
}
