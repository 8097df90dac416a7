import sharp from 'sharp';

/**
 * Images on the clipboard travel as PNG, the one image type every browser clipboard and
 * toolkit takes: PNG bytes pass untouched (a round trip is byte for byte), other types are
 * decoded and re-encoded with sharp.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** At most this many pixels are decoded (a small file can claim a huge image). */
const MAX_PIXELS = 100_000_000;

export class ImageError extends Error {}

export function isPng(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length))
  );
}

/** `bytes` (of type `mime`) as PNG: the same Buffer for PNG, a conversion otherwise. */
export async function toPng(bytes: Buffer, mime: string): Promise<Buffer> {
  if (mime.toLowerCase().startsWith('image/png')) {
    if (!isPng(bytes)) throw new ImageError('the image/png data does not start with the PNG signature');
    return bytes;
  }
  try {
    // failOn 'error': a truncated or corrupt image is refused rather than half-decoded.
    return await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, animated: false })
      .png()
      .toBuffer();
  } catch (e) {
    throw new ImageError(`cannot convert ${mime} to PNG: ${(e as Error).message}`);
  }
}
