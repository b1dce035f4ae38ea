/** The only types we accept, recognised by their first bytes (never by name or declared type). */
export type AllowedType = 'image/png' | 'image/jpeg' | 'image/gif' | 'application/pdf';

const SIGNATURES: { type: AllowedType; bytes: number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // "GIF8" (then "7a" or "9a")
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // "%PDF-"
];

/** Bytes needed to decide. */
export const SNIFF_BYTES = 8;

export function sniffContentType(head: Buffer): AllowedType | undefined {
  for (const { type, bytes } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) {
      if (type === 'image/gif' && !(head.length >= 6 && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61)) continue;
      return type;
    }
  }
  return undefined;
}
