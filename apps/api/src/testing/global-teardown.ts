export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __EAPD_PG__?: { stop(): Promise<void> } }).__EAPD_PG__;
  await pg?.stop();
}
