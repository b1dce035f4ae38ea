import { burnPasswordCost, formatPasswordRecord, hashPassword, needsRehash, parsePasswordRecord, verifyPassword } from './password';

describe('password hashing', () => {
  it('stores algorithm, iterations, a random 16-byte salt and a 64-byte SHA-512 key', async () => {
    const stored = await hashPassword('correct horse', 1500);
    expect(stored).toMatch(/^pbkdf2\$sha512\$1500\$/);
    const record = parsePasswordRecord(stored);
    expect(record?.iterations).toBe(1500);
    expect(record?.salt).toHaveLength(16);
    expect(record?.hash).toHaveLength(64);
    expect(await hashPassword('correct horse', 1500)).not.toBe(stored); // new salt each time
  });

  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('correct horse', 1000);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('verifies with the iterations stored in the record, not the current setting', async () => {
    const record = parsePasswordRecord(await hashPassword('pw', 1200));
    if (!record) throw new Error('record did not parse');
    const reformatted = formatPasswordRecord(record);
    await expect(verifyPassword('pw', reformatted)).resolves.toBe(true);
    const tampered = formatPasswordRecord({ ...record, iterations: 1201 });
    await expect(verifyPassword('pw', tampered)).resolves.toBe(false);
  });

  it('never matches a malformed record', async () => {
    for (const bad of ['', 'plain', 'pbkdf2$sha1$1000$AAAA$AAAA', 'pbkdf2$sha512$0$AAAA$AAAA', 'pbkdf2$sha512$1000$$', 'pbkdf2$sha512$x$a$b']) {
      await expect(verifyPassword('pw', bad)).resolves.toBe(false);
    }
  });

  it('asks for a re-hash when the configured iterations differ from the stored ones', async () => {
    const stored = await hashPassword('pw', 1000);
    expect(needsRehash(stored, 1000)).toBe(false);
    expect(needsRehash(stored, 2000)).toBe(true);
    expect(needsRehash('garbage', 1000)).toBe(true);
  });

  it('hashes off the event loop (async pbkdf2), so other work keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([hashPassword('pw', 200_000), burnPasswordCost('pw', 200_000)]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });
});
