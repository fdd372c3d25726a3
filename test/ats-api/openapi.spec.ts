import { startTestApp, type TestApp } from '../support/test-app.js';

describe('read API in the OpenAPI document', () => {
  let t: TestApp;
  let spec: any;

  beforeAll(async () => {
    t = await startTestApp();
    spec = (await t.http().get('/openapi.json')).body;
  });
  afterAll(() => t.close());

  const models = ['users', 'jobs', 'job-postings', 'candidates', 'application-stages', 'applications', 'interviews', 'offers', 'rejection-reasons', 'tags'];

  it.each(models)('documents GET /v1/ats/%s and /{id} with parameters, schema and example', (model) => {
    const list = spec.paths[`/v1/ats/${model}`]?.get;
    const one = spec.paths[`/v1/ats/${model}/{id}`]?.get;
    expect(list).toBeDefined();
    expect(one).toBeDefined();
    const names = list.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['cursor', 'page_size', 'updated_after', 'include_deleted', 'ids', 'remote_ids', 'X-Connection-Id', 'X-Integration-Id']));
    const ref: string = list.responses['200'].content['application/json'].schema.$ref;
    const envelope = spec.components.schemas[ref.split('/').pop()!];
    expect(envelope.properties.status).toBeDefined();
    const example = envelope.properties.data.example;
    expect(example.results[0]).toEqual(expect.objectContaining({ id: expect.any(String), changed_at: expect.any(String) }));
    expect(one.responses['404']).toBeDefined();
  });

  it('documents the per-model filters', () => {
    const names = (path: string) => spec.paths[path].get.parameters.map((p: { name: string }) => p.name);
    expect(names('/v1/ats/candidates')).toEqual(expect.arrayContaining(['email', 'first_name', 'last_name', 'job_ids']));
    expect(names('/v1/ats/applications')).toEqual(expect.arrayContaining(['job_ids', 'candidate_ids', 'outcomes', 'current_stage_ids']));
    expect(names('/v1/ats/jobs')).toEqual(expect.arrayContaining(['statuses', 'name_contains']));
    expect(names('/v1/ats/interviews')).toEqual(expect.arrayContaining(['job_ids', 'application_ids']));
    expect(names('/v1/ats/users')).toEqual(expect.arrayContaining(['emails']));
    const candidate = spec.components.schemas.CandidateResponse;
    expect(Object.keys(candidate.properties)).toEqual(expect.arrayContaining(['applications', 'tags', 'email_addresses', 'remote_deleted_at']));
    expect(Object.keys(spec.components.schemas.JobResponse.properties)).toEqual(expect.arrayContaining(['stages', 'hiring_team']));
  });

  it('renders /docs', async () => {
    const docs = await t.http().get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });
});
