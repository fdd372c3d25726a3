import { startTestApp, type TestApp } from '../support/test-app.js';
import { createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';

describe('read API: bad input answers 400 naming the parameter', () => {
  let t: TestApp;
  let read: ReturnType<typeof readClient>;

  beforeAll(async () => {
    t = await startTestApp();
    read = readClient(t, await createConnection(t.db));
  });
  afterAll(() => t.close());

  const cases: [string, Record<string, string>, string][] = [
    ['candidates', { page_size: '0' }, 'page_size'],
    ['candidates', { page_size: '251' }, 'page_size'],
    ['candidates', { page_size: 'ten' }, 'page_size'],
    ['candidates', { page_size: '1.5' }, 'page_size'],
    ['candidates', { updated_after: 'yesterday' }, 'updated_after'],
    ['candidates', { updated_after: '2026-01-01' }, 'updated_after'],
    ['candidates', { updated_after: '2026-13-45T99:00:00Z' }, 'updated_after'],
    ['candidates', { include_deleted: 'yes' }, 'include_deleted'],
    ['candidates', { ignore_unsupported_filters: '1' }, 'ignore_unsupported_filters'],
    ['candidates', { ids: 'not-an-id' }, 'ids'],
    ['candidates', { job_ids: '123' }, 'job_ids'],
    ['candidates', { email: 'not-an-address' }, 'email'],
    ['candidates', { first_name: 'x'.repeat(501) }, 'first_name'],
    ['candidates', { last_name: 'x'.repeat(501) }, 'last_name'],
    ['candidates', { remote_ids: Array.from({ length: 251 }, (_, i) => `r${i}`).join(',') }, 'remote_ids'],
    ['candidates', { ids: Array.from({ length: 251 }, (_, i) => `0f3e8c2a-6b1d-8e4f-9a7c-${String(i).padStart(12, '0')}`).join(',') }, 'ids'],
    ['users', { emails: 'ada at example.com' }, 'emails'],
    ['candidates', { cursor: 'garbage' }, 'cursor'],
    ['candidates', { emails: 'a@b.c' }, 'emails'],
    ['candidates', { outcomes: 'HIRED' }, 'outcomes'],
    ['applications', { outcomes: 'WON' }, 'outcomes'],
    ['applications', { candidate_ids: 'x' }, 'candidate_ids'],
    ['applications', { current_stage_ids: 'x' }, 'current_stage_ids'],
    ['applications', { email: 'a@b.c' }, 'email'],
    ['jobs', { statuses: 'OPEN,SOMETIMES' }, 'statuses'],
    ['jobs', { name_contains: '' }, 'name_contains'],
    ['interviews', { application_ids: 'x' }, 'application_ids'],
    ['users', { first_name: 'Ada' }, 'first_name'],
    ['tags', { page: '2' }, 'page'],
    ['offers', { job_ids: 'x' }, 'job_ids'],
  ];

  it.each(cases)('%s %j → 400 naming %s', async (path, query, field) => {
    const response = await read.get(path, query);
    expect(response.status).toBe(400);
    expect(response.body.status).toBe('error');
    expect(response.body.error.code).toBe('PLATFORM.INPUT_INVALID');
    expect(response.body.error.fields.map((x: { field: string }) => x.field)).toContain(field);
    expect(response.body.error.message).toContain(field);
  });

  it('names every bad parameter at once', async () => {
    const response = await read.get('applications', { page_size: '-1', outcomes: 'NOPE', colour: 'blue' });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((x: { field: string }) => x.field).sort()).toEqual(['colour', 'outcomes', 'page_size']);
  });

  it('a single-valued parameter given twice is a 400', async () => {
    const response = await t.http().get('/v1/ats/jobs?name_contains=a&name_contains=b').set({ ...t.admin, 'X-Connection-Id': (await createConnection(t.db)) });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].field).toBe('name_contains');
  });
});
