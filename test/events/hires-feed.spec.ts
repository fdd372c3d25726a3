import { findConnector } from '../../src/connectors/connector-registry.js';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { pino } from 'pino';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { API_KEY as GEM_KEY, startSandbox as startGemSandbox } from '../connectors/gem/gem-test-kit.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { EventsHarness, waitFor } from './support/events-harness.js';

/** An Ashby RPC call against the sandbox, as the real API is called. */
async function ashby(h: EventsHarness, endpoint: string, body: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${h.sandbox.url}/${endpoint}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from('events-test-ashby-key:').toString('base64')}` },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { results: unknown }).results;
}

/**
 * The seed's flow (seeds/002): the customer creates ONE Ashby webhook of type "Application
 * Updated" with the Request URL and Secret Token ats-sync generated; a candidate marked hired
 * appears in the hires feed, with the fields the seed lists, without any sync.
 */
describe('hires feed: GET /v1/ats/hires', () => {
  const h = new EventsHarness();
  let gem: RunningSandbox | undefined;
  beforeAll(async () => {
    await h.start({ candidates: 120, register: false });
    // By hand in Ashby, as the seed says: Webhooks → New → "Application Updated" → Request URL, Secret Token.
    const created = await ashby(h, 'webhook.create', { webhookType: 'applicationUpdate', requestUrl: h.inboundUrl, secretToken: h.secret });
    expect(created.webhookType).toBe('applicationUpdate');
    // The feed's first look at the synced tables (the hires the FULL sync brought) is done.
    await waitFor(async () => (await h.query('SELECT 1 FROM events_watermarks WHERE connection_id = $1', [h.connectionId])).length > 0);
  }, 120_000);
  afterAll(async () => {
    await gem?.close();
    await h.close();
  });

  /** Live hired applications of live candidates: each is one hire. */
  const hiredApplications = (connectionId: string) =>
    h.query(
      `SELECT a.id FROM ats_applications a JOIN ats_candidates c ON c.id = a.candidate_id
       WHERE a.connection_id = $1 AND a.outcome = 'HIRED' AND a.remote_deleted_at IS NULL AND c.remote_deleted_at IS NULL`,
      [connectionId],
    );
  const read = (path: string) => h.t.http().get(path).set(h.t.admin).set('X-Connection-Id', h.connectionId);
  let hiredApplication: string;
  let hireId: string;
  let hiredAt: Date;

  it('a hire in Ashby appears with the seed’s fields, from applicationUpdate alone and without a sync', async () => {
    const { state, ids } = h.sandbox.context.world;
    // A candidate with a personal and a work email, so the pick is visible.
    const a = state.applications.findIndex((x) => x.status === 'Active' && x.offer < 0 && !x.deleted);
    hiredApplication = ids.id('application', a);
    const before = (await read('/v1/ats/hires')).body.data.results.length;
    hiredAt = new Date();
    const report = await h.mutate({ hire: [hiredApplication] });
    expect(report.webhooks.map((w: { action: string; status: number }) => `${w.action}:${w.status}`)).toEqual(['applicationUpdate:200']);

    const hire = await waitFor(async () => (await read('/v1/ats/hires')).body.data.results.find((r: any) => r.remote_id === hiredApplication), 15_000);
    expect((await read('/v1/ats/hires')).body.data.results).toHaveLength(before + 1);
    hireId = hire.id;

    // The truth, from Ashby's API.
    const application = await ashby(h, 'application.info', { applicationId: hiredApplication });
    const candidate = await ashby(h, 'candidate.info', { id: application.candidate.id });
    const [offer] = await ashby(h, 'offer.list', { applicationId: hiredApplication });
    const words = candidate.name.trim().split(/\s+/);
    const personalEmail = candidate.emailAddresses.find((e: any) => e.type === 'Personal') ?? candidate.primaryEmailAddress;
    const personalPhone = candidate.phoneNumbers.find((p: any) => p.type === 'Personal') ?? candidate.primaryPhoneNumber ?? null;
    const job = (await h.query(`SELECT department FROM ats_jobs WHERE connection_id = $1 AND remote_id = $2`, [h.connectionId, application.job.id]))[0];
    expect(hire).toMatchObject({
      first_name: words[0],
      middle_name: words.length > 2 ? words.slice(1, -1).join(' ') : null,
      last_name: words[words.length - 1],
      personal_email: personalEmail.value,
      personal_email_type: personalEmail.type === 'Personal' ? 'PERSONAL' : 'PRIMARY',
      personal_phone: personalPhone?.value ?? null,
      job_title: application.job.title,
      department: job.department,
      start_date: new Date(offer.latestVersion.startDate).toISOString(),
      salary_amount: offer.latestVersion.salary.value,
      salary_currency: offer.latestVersion.salary.currencyCode,
      candidate_id: h.id('candidates', candidate.id),
      application_id: h.id('applications', hiredApplication),
      job_id: h.id('jobs', application.job.id),
      offer_id: h.id('offers', offer.id),
      remote_deleted_at: null,
    });
    expect(hire.department).toEqual(expect.any(String));
    expect(new Date(hire.hired_at).getTime()).toBeGreaterThan(0);
    expect((await h.query('SELECT id FROM sync_runs WHERE connection_id = $1', [h.connectionId])).length).toBe(1);
  });

  it('GET /v1/ats/hires/:id, updated_after and paging', async () => {
    const one = await read(`/v1/ats/hires/${hireId}`);
    expect(one.status).toBe(200);
    expect(one.body.data.remote_id).toBe(hiredApplication);
    const since = await read(`/v1/ats/hires?updated_after=${encodeURIComponent(hiredAt.toISOString())}`);
    expect(since.body.data.results.map((r: any) => r.id)).toEqual([hireId]);
    const later = await read(`/v1/ats/hires?updated_after=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`);
    expect(later.body.data.results).toEqual([]);
    // Every hire, one page of one at a time, each exactly once.
    const all = (await read('/v1/ats/hires?page_size=250')).body.data.results.map((r: any) => r.id);
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page: any = await read(`/v1/ats/hires?page_size=1${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      paged.push(...page.body.data.results.map((r: any) => r.id));
      next = page.body.data.next;
    } while (next);
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThan(1);
    const missing = await read('/v1/ats/hires/0f3e8c2a-6b1d-8e4f-9a7c-2d5b8e1f4a3c');
    expect(missing.status).toBe(404);
  });

  it('every hired application of the synced data has one hire (built from the tables, not only from webhooks)', async () => {
    const hired = await hiredApplications(h.connectionId);
    const feed = await waitFor(async () => {
      const results = (await read('/v1/ats/hires?page_size=250')).body.data.results;
      return results.length === hired.length ? results : null;
    });
    expect(feed.map((r: any) => r.application_id).sort()).toEqual(hired.map((r) => r.id).sort());
  });

  it('a hire reverted in Ashby gets remote_deleted_at and leaves the default list', async () => {
    const report = await h.mutate({ archive: [hiredApplication] });
    expect(report.webhooks.every((w: { status: number }) => w.status === 200)).toBe(true);
    const gone = await waitFor(async () => {
      const r = (await read(`/v1/ats/hires/${hireId}`)).body.data;
      return r.remote_deleted_at ? r : null;
    });
    expect(new Date(gone.remote_deleted_at).getTime()).toBeGreaterThan(hiredAt.getTime());
    expect((await read('/v1/ats/hires?page_size=250')).body.data.results.map((r: any) => r.id)).not.toContain(hireId);
    expect((await read('/v1/ats/hires?page_size=250&include_deleted=true')).body.data.results.map((r: any) => r.id)).toContain(hireId);
  });

  it('Gem (no webhooks): the hires of a synced Gem connection appear in the feed with the fields Gem has', async () => {
    gem = await startGemSandbox({ candidates: 80, seed: 5 });
    const created = await h.t.http().post('/v1/connections').set(h.t.admin).send({ provider: 'gem', base_url: gem.url, credentials: { api_key: GEM_KEY } });
    expect(created.status).toBe(201);
    const gemId = created.body.data.id;
    const pool = h.pool;
    const runner = new SyncRunner({ pool, secrets: new SecretBox(h.t.config.encryptionKey), logger: pino({ level: 'silent' }), resolveConnector: findConnector, http: { limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
    const run = await SyncRuns.create(pool, gemId, 'FULL', 'MANUAL');
    expect(await runner.execute(run.id)).toBe('FINISHED');
    const hired = await hiredApplications(gemId);
    expect(hired.length).toBeGreaterThan(0);
    const gemRead = (path: string) => h.t.http().get(path).set(h.t.admin).set('X-Connection-Id', gemId);
    const feed = await waitFor(async () => {
      const res = await gemRead('/v1/ats/hires?page_size=250');
      const results = res.body.data?.results ?? [];
      return results.length === hired.length ? results : null;
    }, 20_000);
    for (const hire of feed) {
      expect(hire.first_name).toEqual(expect.any(String));
      expect(hire.job_title).toEqual(expect.any(String));
      expect(hire.salary_amount).toBeNull(); // Gem has no offers.
    }
  });
});
