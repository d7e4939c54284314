// file-type ships ES-module types only (exports "import" condition), which this project's `moduleResolution: node`
// does not read; this declares the one call the upload route uses, as file-type 22 documents it.
declare module 'file-type' {
  /** The type a buffer's leading bytes show (magic numbers), or undefined when none is recognised. */
  export function fileTypeFromBuffer(
    buffer: Uint8Array | ArrayBuffer,
  ): Promise<{ ext: string; mime: string } | undefined>;
}
