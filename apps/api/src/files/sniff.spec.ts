import { SAMPLE_FILES } from '../testing/sample-files';
import { sniffContentType } from './sniff';

describe('content sniffing', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['pdf', 'application/pdf'],
  ] as const)('recognises %s by its magic bytes', (kind, type) => {
    expect(sniffContentType(SAMPLE_FILES[kind])).toBe(type);
  });

  it('refuses anything else, and truncated signatures', () => {
    expect(sniffContentType(SAMPLE_FILES.text)).toBeUndefined();
    expect(sniffContentType(SAMPLE_FILES.html)).toBeUndefined();
    expect(sniffContentType(Buffer.from('GIF8xa...'))).toBeUndefined();
    expect(sniffContentType(SAMPLE_FILES.png.subarray(0, 4))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});
