export default async function globalTeardown(): Promise<void> {
  await globalThis.__ATS_SYNC_EMBEDDED__?.stop();
}
