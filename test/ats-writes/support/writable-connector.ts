import type { ConnectorActions, FetchByIds, RemoteCandidate, WriteResult } from '../../../src/connectors/connector-actions.js';
import type { Connector, ConnectorContext, JoinSet, MappedPage, NormalizedRecord, RemoteRef, SyncStream } from '../../../src/connectors/connector.js';
import { RemoteError } from '../../../src/connectors/remote-error.js';
import type { WApplication, WCandidate, WFile, WJob } from './writable-ats.js';

/** The writable fake's connector: streams for the sync, actions for writes, fetchByIds for write-through. */

async function get<T>(context: ConnectorContext, path: string, params?: Record<string, unknown>): Promise<T | null> {
  const response = await context.http.request<T>({ path, params });
  if (response.status === 404) return null;
  if (response.status !== 200) throw new RemoteError('INPUT', `fake answered ${response.status}`, { status: response.status });
  return response.data;
}

async function write<T>(context: ConnectorContext, method: 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown, idempotent = true): Promise<{ data: T; status: number }> {
  const response = await context.http.request<T>({ method, path, data, idempotent });
  if (response.status >= 400) throw new RemoteError('INPUT', `fake refused ${method} ${path}: ${JSON.stringify(response.data)}`, { status: response.status });
  return { data: response.data, status: response.status };
}

export function mapCandidates(records: WCandidate[]): MappedPage {
  const candidates: NormalizedRecord<'candidates'>[] = [];
  const tags: NormalizedRecord<'tags'>[] = [];
  const joins: JoinSet[] = [];
  for (const c of records) {
    candidates.push({
      remote_id: c.id,
      fields: {
        first_name: c.first_name,
        last_name: c.last_name,
        source: c.source,
        email_addresses: c.emails.map((email_address) => ({ email_address, type: null })),
        phone_numbers: c.phones.map((phone_number) => ({ phone_number, type: null })),
        social_media: c.links.map((link) => ({ link, type: null, username: null })),
        remote_created_at: new Date(c.created_at),
        remote_updated_at: new Date(c.updated_at),
      },
      remote_data: c,
    });
    for (const name of c.tags) tags.push({ remote_id: name, fields: { name }, remote_data: { name } });
    joins.push({ join: 'candidate_tags', parent: { model: 'candidates', remote_id: c.id }, members: c.tags.map((name) => ({ member: { model: 'tags', remote_id: name } })) });
  }
  return { records: { candidates, tags }, joins };
}

export function mapApplications(records: WApplication[]): MappedPage {
  return {
    records: {
      applications: records.map((a) => ({
        remote_id: a.id,
        fields: { outcome: a.status === 'rejected' ? 'DECLINED' : 'PENDING', rejected_at: null, remote_updated_at: new Date(a.updated_at) },
        refs: { candidate_id: { model: 'candidates', remote_id: a.candidate_id }, job_id: { model: 'jobs', remote_id: a.job_id }, current_stage_id: { model: 'application_stages', remote_id: a.stage_id } },
        remote_data: a,
      })),
    },
  };
}

function mapJobs(records: WJob[]): MappedPage {
  return {
    records: {
      jobs: records.map((j) => ({ remote_id: j.id, fields: { name: j.name, status: j.status.toUpperCase(), confidential: j.confidential }, remote_data: j })),
    },
    joins: records.map((j) => ({
      join: 'job_stages' as const,
      parent: { model: 'jobs' as const, remote_id: j.id },
      members: j.stage_ids.map((id, index) => ({ member: { model: 'application_stages' as const, remote_id: id }, fields: { index } })),
    })),
  };
}

function listStream<Raw>(name: string, path: string, models: SyncStream['models'], map: (records: Raw[]) => MappedPage, joins?: SyncStream['joins']): SyncStream {
  return {
    name,
    models,
    joins,
    supportsDelta: false,
    async *fetch(context) {
      yield { records: (await get<Raw[]>(context, path)) ?? [], position: {} };
    },
    map: map as SyncStream['map'],
  } satisfies SyncStream<Raw> as SyncStream;
}

const fetchByIds: FetchByIds = async (context, refs) => {
  const pages: MappedPage[] = [];
  const missing: RemoteRef[] = [];
  for (const ref of refs) {
    if (ref.model === 'candidates') {
      const c = await get<WCandidate>(context, `/candidates/${ref.remote_id}`);
      if (c) pages.push(mapCandidates([c]));
      else missing.push(ref);
    } else if (ref.model === 'applications') {
      const a = await get<WApplication>(context, `/applications/${ref.remote_id}`);
      if (a) pages.push(mapApplications([a]));
      else missing.push(ref);
    }
  }
  const records: MappedPage['records'] = {};
  const joins: JoinSet[] = [];
  for (const page of pages) {
    for (const [model, list] of Object.entries(page.records)) (records as Record<string, unknown[]>)[model] = [...((records as Record<string, unknown[]>)[model] ?? []), ...(list ?? [])];
    joins.push(...(page.joins ?? []));
  }
  return { records, joins, missing };
};

async function search(context: ConnectorContext, emails: string[]): Promise<WCandidate[]> {
  const found = new Map<string, WCandidate>();
  for (const email of emails) for (const c of (await get<WCandidate[]>(context, '/candidates', { email })) ?? []) found.set(c.id, c);
  return [...found.values()];
}

const touched = (result: { candidate?: string; application?: string | null }): RemoteRef[] => [
  ...(result.candidate ? [{ model: 'candidates' as const, remote_id: result.candidate }] : []),
  ...(result.application ? [{ model: 'applications' as const, remote_id: result.application }] : []),
];

export const writableActions: ConnectorActions = {
  async createCandidate(context, input) {
    const body = {
      first_name: input.first_name,
      last_name: input.last_name,
      emails: input.emails.map((e) => e.email_address),
      phones: input.phones.map((p) => p.phone_number),
      links: input.social_links.map((l) => l.url),
      source: input.source,
      work: input.work_history ?? [],
      education: input.education ?? [],
      application: input.application ? { job_id: input.application.job_remote_id, stage_id: input.application.stage_remote_id } : undefined,
    };
    let created: { candidate: WCandidate; application: WApplication | null };
    let status = 200;
    try {
      ({ data: created, status } = await write<{ candidate: WCandidate; application: WApplication | null }>(context, 'POST', '/candidates', body, false));
    } catch (error) {
      // The create may have landed: look the candidate up by email before anything else.
      if (!(error instanceof RemoteError) || error.kind !== 'UNAVAILABLE') throw error;
      const [found] = (await search(context, body.emails)).filter((c) => c.first_name === input.first_name && c.last_name === input.last_name);
      if (!found) throw error;
      const apps = input.application ? ((await get<WApplication[]>(context, '/applications')) ?? []).filter((a) => a.candidate_id === found.id && a.job_id === input.application!.job_remote_id) : [];
      created = { candidate: found, application: apps[0] ?? null };
    }
    const results: WriteResult[] = [];
    for (const attachment of input.attachments) {
      results.push(await writableActions.addCandidateAttachment!(context, { candidate_remote_id: created.candidate.id, attachment }));
    }
    return {
      candidate_remote_id: created.candidate.id,
      application_remote_id: created.application?.id,
      touched: touched({ candidate: created.candidate.id, application: created.application?.id }),
      warnings: results.flatMap((r) => r.warnings),
      partner_status: status,
    };
  },
  async mergeIntoCandidate(context, input) {
    const r = await write(context, 'POST', `/candidates/${input.candidate_remote_id}/contact`, {
      emails: input.emails.map((e) => e.email_address),
      phones: input.phones.map((p) => p.phone_number),
      links: input.social_links.map((l) => l.url),
    });
    return { candidate_remote_id: input.candidate_remote_id, touched: touched({ candidate: input.candidate_remote_id }), warnings: [], partner_status: r.status };
  },
  async updateCandidate(context, input) {
    const r = await write(context, 'PUT', `/candidates/${input.candidate_remote_id}`, {
      first_name: input.first_name,
      last_name: input.last_name,
      emails: input.emails.map((e) => e.email_address),
      phones: input.phones.map((p) => p.phone_number),
      links: input.social_links.map((l) => l.url),
      work: input.work_history ?? [],
      education: input.education ?? [],
    });
    return { candidate_remote_id: input.candidate_remote_id, touched: touched({ candidate: input.candidate_remote_id }), warnings: [], partner_status: r.status };
  },
  async addCandidatesToProject(context, input) {
    const r = await write(context, 'PUT', `/projects/${input.project_remote_id}/candidates`, { candidate_ids: input.candidate_remote_ids });
    return { touched: [], warnings: [], partner_status: r.status };
  },
  async searchCandidates(context, query): Promise<RemoteCandidate[]> {
    return (await search(context, query.emails)).map((c) => ({ remote_id: c.id, first_name: c.first_name, last_name: c.last_name, emails: c.emails, phones: c.phones }));
  },
  async createApplication(context, input) {
    const r = await write<WApplication>(context, 'POST', '/applications', { candidate_id: input.candidate_remote_id, job_id: input.job_remote_id, stage_id: input.stage_remote_id });
    return { application_remote_id: r.data.id, candidate_remote_id: input.candidate_remote_id, touched: touched({ candidate: input.candidate_remote_id, application: r.data.id }), warnings: [], partner_status: r.status };
  },
  async moveApplicationToStage(context, input) {
    const r = await write(context, 'POST', `/applications/${input.application_remote_id}/stage`, { stage_id: input.stage_remote_id });
    return { touched: touched({ application: input.application_remote_id }), warnings: [], partner_status: r.status };
  },
  async rejectApplication(context, input) {
    const r = await write(context, 'POST', `/applications/${input.application_remote_id}/reject`, { reason_id: input.rejection_reason_remote_id, note: input.note });
    return { touched: touched({ application: input.application_remote_id }), warnings: [], partner_status: r.status };
  },
  async addApplicationNote(context, input) {
    const r = await write(context, 'POST', `/applications/${input.application_remote_id}/notes`, { content: input.content });
    return { touched: [], warnings: [], partner_status: r.status };
  },
  async addCandidateTag(context, input) {
    const r = await write(context, 'POST', `/candidates/${input.candidate_remote_id}/tags`, { name: input.tag_name });
    return { touched: touched({ candidate: input.candidate_remote_id }), warnings: [], partner_status: r.status };
  },
  async removeCandidateTag(context, input) {
    const r = await write(context, 'DELETE', `/candidates/${input.candidate_remote_id}/tags/${encodeURIComponent(input.tag_name)}`);
    return { touched: touched({ candidate: input.candidate_remote_id }), warnings: [], partner_status: r.status };
  },
  async addCandidateAttachment(context, input) {
    const a = input.attachment;
    const r = await write(context, 'POST', `/candidates/${input.candidate_remote_id}/files`, { name: a.name, content_type: a.content_type, type: a.type, data: a.data.toString('base64') });
    return { touched: [], warnings: [], partner_status: r.status };
  },
  async listAttachments(context, input) {
    const files = (await get<WFile[]>(context, `/candidates/${input.candidate_remote_id}/files`)) ?? [];
    return files.map((f) => ({
      remote_id: f.id,
      type: f.type as 'CV' | 'COVER_LETTER' | 'OTHER',
      file_name: f.name,
      content_type: f.content_type,
      data_url: `https://files.example/${f.id}`,
      remote_created_at: new Date(f.created_at),
      remote_updated_at: null,
    }));
  },
  attachmentRestrictions: {
    total_size_bytes: null,
    types: {
      CV: { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: 1_000_000, accepted_mime_types: ['application/pdf', 'text/plain'] },
      COVER_LETTER: { is_supported: false, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null },
      OTHER: { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: 1_000_000, accepted_mime_types: null },
    },
  },
};

export const writableConnector: Connector = {
  provider: 'writable',
  displayName: 'Writable Fake',
  defaultBaseUrl: 'http://127.0.0.1:1',
  credentialFields: ['api_key'],
  limits: { requestsPerSecond: 1000, concurrency: 4 },
  authenticate: (credentials) => ({ headers: { 'X-Key': credentials.api_key } }),
  async checkCredentials({ http }) {
    await http.request({ path: '/ping' });
  },
  streams: [
    listStream('stages', '/stages', ['application_stages'], (r: { id: string; name: string }[]) => ({ records: { application_stages: r.map((s) => ({ remote_id: s.id, fields: { name: s.name }, remote_data: s })) } })),
    listStream('reasons', '/reasons', ['rejection_reasons'], (r: { id: string; name: string }[]) => ({ records: { rejection_reasons: r.map((s) => ({ remote_id: s.id, fields: { name: s.name }, remote_data: s })) } })),
    listStream('jobs', '/jobs', ['jobs'], mapJobs, ['job_stages']),
    listStream('candidates', '/candidates', ['candidates', 'tags'], mapCandidates, ['candidate_tags']),
    listStream('applications', '/applications', ['applications'], mapApplications),
  ],
  actions: writableActions,
  fetchByIds,
};

/** The same partner without any write capability: every write answers INTEGRATION.ACTION_NOT_AVAILABLE. */
export const readOnlyConnector: Connector = { ...writableConnector, provider: 'readonly', displayName: 'Read-only Fake', actions: undefined, fetchByIds: undefined };
