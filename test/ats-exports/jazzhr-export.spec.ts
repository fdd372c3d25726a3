import { JazzWriteHarness, writeRequests } from '../connectors/jazzhr/jazzhr-write-harness.js';
import { exportAndWait, waitForExport } from './support/export-client.js';

/** The bulk export on JazzHR, which does not dedupe creates and searches by name only. */
describe('bulk export into JazzHR', () => {
  const h = new JazzWriteHarness();
  let job: { id: string };
  const run = Date.now();
  const profile = (i: number) => ({
    external_id: `jazz-export-${run}-${i}`,
    first_name: `Jazz${i}`,
    last_name: `Export${run % 10_000}`,
    email_addresses: [`jazz.export.${run}.${i}@example.com`],
    work_history: [{ company: 'Initech', title: 'Engineer', is_current: true }],
  });

  beforeAll(async () => {
    await h.start(30);
    job = (await h.t.http().get('/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1').set(h.as())).body.data.results[0];
  });
  afterAll(() => h.close());

  it('creates each profile once with its application; a re-export writes nothing', async () => {
    const before = (await h.stats()).records.applicants;
    const out = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 6 }, (_, i) => profile(i)), job_id: job.id });
    expect(out.counts).toMatchObject({ created: 6, failed: 0 });
    expect((await h.stats()).records.applicants - before).toBe(6);
    const writes = writeRequests(await h.stats());
    const again = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 6 }, (_, i) => profile(i)), job_id: job.id });
    expect(again.counts).toMatchObject({ skipped_already_exported: 6, created: 0 });
    expect(writeRequests(await h.stats())).toBe(writes);
  });

  it('an item left IN_PROGRESS by a dead process is found by name and email, not created a second time', async () => {
    const before = (await h.stats()).records.applicants;
    const out = await exportAndWait(h.t, h.as(), { candidates: [profile(50)], job_id: job.id });
    expect((await h.stats()).records.applicants - before).toBe(1);
    // What a crash leaves: the applicant is in JazzHR, the item never recorded it.
    await h.t.db.query(`DELETE FROM ats_export_identities WHERE external_id = $1`, [`jazz-export-${run}-50`]);
    await h.t.db.query(`UPDATE ats_export_items SET state = 'IN_PROGRESS', candidate_remote_id = NULL WHERE export_id = $1`, [out.id]);
    await h.t.db.query(`UPDATE ats_exports SET state = 'RUNNING', finished_at = NULL WHERE id = $1`, [out.id]);
    await h.sync('DELTA');
    await exportAndWait(h.t, h.as(), { candidates: [profile(51)] }); // wakes the runner, which resumes the other
    const resumed = await waitForExport(h.t, h.as(), out.id);
    expect(resumed.results[0]).toMatchObject({ outcome: 'created', candidate_remote_id: out.results[0].candidate_remote_id });
    expect((await h.stats()).records.applicants - before).toBe(2); // seek 50 once, and 51
  });
});
