import type { TestApp } from '../../support/test-app.js';

/** Posts an export (expects 202) and polls it until it is finished; returns its last view with every result. */
export async function exportAndWait(t: TestApp, headers: Record<string, string>, body: Record<string, unknown>): Promise<any> {
  const res = await t.http().post('/v1/ats/exports').set(headers).send(body);
  expect(res.status).toBe(202);
  return waitForExport(t, headers, res.body.data.id);
}

export async function waitForExport(t: TestApp, headers: Record<string, string>, id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const got = await t.http().get(`/v1/ats/exports/${id}?page_size=1000`).set(headers);
    if (!['QUEUED', 'RUNNING'].includes(got.body.data.state)) return got.body.data;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`export ${id} did not finish`);
}
