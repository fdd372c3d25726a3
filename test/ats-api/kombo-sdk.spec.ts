import { Kombo } from '@kombo-api/sdk';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';
import { KOMBO_LIST_OPERATIONS } from './support/kombo-operations.js';

/**
 * Kombo's own TypeScript SDK, pointed at ats-sync, pages through every model it knows. It validates
 * every response against Kombo's schemas, so a missing field, a wrong enum value or a malformed date
 * fails here.
 */
describe('Kombo SDK drop-in', () => {
  let t: TestApp;
  let f: AtsFixtures;
  let kombo: Kombo;
  let scopedKombo: Kombo;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    f = new AtsFixtures(t.db, await createConnection(t.db));
    const server_url = `http://127.0.0.1:${port}/v1`;
    kombo = new Kombo({ api_key: t.adminKey, integration_id: f.connectionId, server_url });
    const key = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: f.connectionId })).body.data.key;
    scopedKombo = new Kombo({ api_key: key, server_url });

    // Rich rows and bare ones (nulls everywhere), ATS-specific enum values and deleted nested rows.
    await f.user('u1', { system_roles: ['ADMIN', 'Billing', { remote_id: 'r9', name: 'Owner', scope: 'ODD' }], status: 'ACTIVE' });
    await f.user('u2', { first_name: null, last_name: null, email: null, status: 'SUSPENDED' });
    for (let i = 0; i < 5; i++) await f.stage(`s${i}`, { global_index: i });
    await f.job('j1', { weekly_hours: '37.5', salary_amount: '1000', location: 'Remote', employment_type: 'FULL_TIME', status: 'OPEN', visibility: 'PUBLIC' });
    await f.job('j2', { name: null, status: 'WEIRD_ATS_STATUS', opened_at: new Date(), closed_at: new Date() });
    await f.jobStage('j1', 's0', 0);
    await f.jobStage('j1', 's1', 1);
    await f.jobStage('j1', 's2', null as unknown as number);
    await f.hiringTeamMember('j1', 'u1', ['HIRING_MANAGER', 'recruiter', 'Panel']);
    await f.jobPosting('p1', 'j1', { status: 'CLOSED', visibility: 'SECRET' });
    await f.tag('t1');
    await f.tag('t2', { name: null });
    await f.rejectionReason('r1');
    for (let i = 0; i < 7; i++) {
      await f.candidate(`c${i}`, {
        email_addresses: i % 2 ? [{ email_address: `c${i}@example.com` }] : [],
        phone_numbers: i === 1 ? [{ phone_number: '+1 555' }, { type: 'HOME' }] : [],
        social_media: i === 1 ? [{ link: 'https://x.example/c1', type: null, username: null }] : [],
        location: i === 2 ? { city: 'Berlin', country: null } : null,
        confidential: i === 3 ? true : null,
        remote_created_at: new Date('2025-05-05T05:05:05.123Z'),
      });
      await f.application(`a${i}`, { candidate: `c${i}`, job: i % 2 ? 'j1' : 'j2', stage: `s${i % 5}` }, {
        outcome: ['PENDING', 'HIRED', 'DECLINED', null, 'pending'][i % 5],
        rejected_at: i === 2 ? new Date() : null,
      });
      await f.candidateTag(`c${i}`, `t${(i % 2) + 1}`);
    }
    await f.interview('i1', 'a1', { starting_at: new Date(), ending_at: new Date(), canceled: false, location: 'Room' });
    await f.interview('i2', 'a2', { title: null });
    await f.interviewer('i1', 'u1');
    await f.interviewer('i1', 'u2');
    await f.offer('o1', 'a1', { status: 'SIGNED', employment_start_date: new Date('2026-04-01T00:00:00Z') });
    await f.offer('o2', 'a2', { status: 'UNHEARD_OF', application_id: f.id('applications', 'nope') });
    await f.candidate('gone', { remote_deleted_at: new Date() });
  });
  afterAll(() => t.close());

  /** Every record the SDK pages through, page_size 2 so it follows several cursors. */
  async function pageAll(call: (request: { page_size: number; include_deleted?: boolean }) => Promise<AsyncIterable<any>>, includeDeleted = false) {
    const results: any[] = [];
    let pages = 0;
    for await (const page of await call({ page_size: 2, include_deleted: includeDeleted })) {
      pages += 1;
      results.push(...page.result.data.results);
    }
    return { results, pages };
  }


  it.each(KOMBO_LIST_OPERATIONS)('ats.%s pages through without a validation error and returns what plain HTTP returns', async (operation, path) => {
    const ats = kombo.ats as unknown as Record<string, (r: object) => Promise<AsyncIterable<any>>>;
    const { results, pages } = await pageAll((request) => ats[operation].call(kombo.ats, request));
    const plain = await readClient(t, f.connectionId).all<{ id: string }>(path, { page_size: 250 });
    expect(results.map((r) => r.id)).toEqual(plain.map((r) => r.id));
    expect(results.length).toBeGreaterThan(0);
    expect(pages).toBe(Math.ceil(results.length / 2) || 1);
  });

  it('keeps the fields the SDK models, with dates as Dates', async () => {
    const { results } = await pageAll((r) => kombo.ats.getCandidates(r) as Promise<AsyncIterable<any>>);
    const c1 = results.find((c) => c.remote_id === 'c1');
    expect(c1.remote_created_at).toEqual(new Date('2025-05-05T05:05:05.123Z'));
    expect(c1.applications[0]).toMatchObject({ id: f.id('applications', 'a1'), outcome: 'HIRED', job: { id: f.id('jobs', 'j1') } });
    expect(c1.tags).toEqual([expect.objectContaining({ id: f.id('tags', 't2') })]);
    const { results: jobs } = await pageAll((r) => kombo.ats.getJobs(r) as Promise<AsyncIterable<any>>);
    expect(jobs.find((j) => j.remote_id === 'j1').stages.map((s: { remote_id: string }) => s.remote_id)).toEqual(['s0', 's1', 's2']);
  });

  it('filters and include_deleted go through the SDK', async () => {
    const { results } = await pageAll((r) => kombo.ats.getCandidates({ ...r, email: 'C3@example.com' }) as Promise<AsyncIterable<any>>);
    expect(results.map((c) => c.remote_id)).toEqual(['c3']);
    const withDeleted = await pageAll((r) => kombo.ats.getCandidates(r) as Promise<AsyncIterable<any>>, true);
    expect(withDeleted.results.map((c) => c.remote_id)).toContain('gone');
  });

  it('works with a scoped key and no integration id', async () => {
    const { results } = await pageAll((r) => scopedKombo.ats.getTags(r) as Promise<AsyncIterable<any>>);
    expect(results).toHaveLength(2);
  });
});
