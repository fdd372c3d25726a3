import cliProgress from 'cli-progress';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { createInterface } from 'node:readline';

export interface ExportCommandOptions {
  url: string;
  apiKey: string;
  connectionId: string;
  file: string;
  jobId?: string;
  projectIds: string[];
  includePreviouslyExported: boolean;
  placeholderDomain?: string;
  out: NodeJS.WritableStream;
  pollMs?: number;
}

/** What the service accepts in one request; a larger file goes as several exports. */
const PER_REQUEST = 1000;
const FINAL = new Set(['COMPLETED', 'PARTIALLY_FAILED', 'FAILED']);

interface ExportView {
  id: string;
  state: string;
  total: number;
  counts: { created: number; updated: number; skipped_already_exported: number; failed: number; pending: number };
  results: { external_id: string; outcome: string; error: { code: string; message: string } | null }[];
  next: string | null;
}

export interface ExportSummary {
  state: 'COMPLETED' | 'PARTIALLY_FAILED' | 'FAILED';
  counts: ExportView['counts'];
}

async function call<T>(options: ExportCommandOptions, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const url = `${options.url}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${options.apiKey}`, 'X-Connection-Id': options.connectionId, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`could not reach ats-sync at ${options.url} (${(error as Error).message}); is it running? (--url)`);
  }
  const json = (await response.json()) as { data: T; error?: { code: string; message: string } };
  if (!response.ok) throw new Error(`${json.error?.code ?? response.status}: ${json.error?.message ?? response.statusText}`);
  return json.data;
}

/** The file's candidates, one JSON object per line (blank lines skipped); a bad line names its number. */
async function readCandidates(file: string): Promise<unknown[]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const candidates: unknown[] = [];
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    try {
      candidates.push(JSON.parse(line));
    } catch (error) {
      throw new Error(`${file}:${n} is not JSON (${(error as Error).message})`);
    }
  }
  return candidates;
}

/**
 * `ats-sync export <connection-id> file.jsonl`: sends the file's candidates to the running service
 * (1,000 per export), shows one progress bar, and prints a summary and the failures. Each request
 * carries an Idempotency-Key derived from its content, so running the same command again returns the
 * same exports instead of exporting twice.
 */
export async function runExportCommand(options: ExportCommandOptions): Promise<ExportSummary> {
  const candidates = await readCandidates(options.file);
  if (candidates.length === 0) throw new Error(`${options.file} holds no candidates`);
  const ids: string[] = [];
  for (let i = 0; i < candidates.length; i += PER_REQUEST) {
    const body = {
      candidates: candidates.slice(i, i + PER_REQUEST),
      ...(options.jobId ? { job_id: options.jobId } : {}),
      ...(options.projectIds.length ? { project_ids: options.projectIds } : {}),
      include_previously_exported: options.includePreviouslyExported,
      ...(options.placeholderDomain ? { generate_placeholder_emails: true, placeholder_email_domain: options.placeholderDomain } : {}),
    };
    const key = `cli-export-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}`;
    ids.push((await call<ExportView>(options, 'POST', '/v1/ats/exports', body, { 'Idempotency-Key': key })).id);
  }
  options.out.write(`export of ${candidates.length} candidates: ${ids.join(', ')}\n`);

  const bar = new cliProgress.SingleBar(
    { stream: options.out as NodeJS.WriteStream, format: ' candidates [{bar}] {value}/{total} | {note}', noTTYOutput: !(options.out as NodeJS.WriteStream).isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(candidates.length, 0, { note: '' });
  let views: ExportView[] = [];
  for (;;) {
    views = await Promise.all(ids.map((id) => call<ExportView>(options, 'GET', `/v1/ats/exports/${id}?page_size=1`)));
    const c = sum(views);
    bar.update(candidates.length - c.pending, { note: `+${c.created} ~${c.updated} =${c.skipped_already_exported}${c.failed ? ` !${c.failed}` : ''}` });
    if (views.every((v) => FINAL.has(v.state))) break;
    await delay(options.pollMs ?? 500);
  }
  bar.stop();
  const counts = sum(views);
  const state = views.some((v) => v.state === 'FAILED') ? 'FAILED' : counts.failed > 0 ? 'PARTIALLY_FAILED' : 'COMPLETED';
  const lines = ['', `Export ${state === 'COMPLETED' ? 'complete' : state.toLowerCase().replace('_', ' ')}`, '| created | updated | skipped (already exported) | failed |', '|---:|---:|---:|---:|'];
  lines.push(`| ${counts.created} | ${counts.updated} | ${counts.skipped_already_exported} | ${counts.failed} |`);
  if (counts.failed > 0) {
    for (const id of ids) {
      let cursor: string | null = null;
      do {
        const page: ExportView = await call<ExportView>(options, 'GET', `/v1/ats/exports/${id}?page_size=1000${cursor ? `&cursor=${cursor}` : ''}`);
        for (const r of page.results) if (r.outcome === 'failed' && lines.length < 60) lines.push(`failed ${r.external_id}: ${r.error?.code} ${r.error?.message}`);
        cursor = page.next;
      } while (cursor);
    }
  }
  options.out.write(lines.join('\n') + '\n');
  return { state, counts };
}

function sum(views: ExportView[]): ExportView['counts'] {
  const total = { created: 0, updated: 0, skipped_already_exported: 0, failed: 0, pending: 0 };
  for (const v of views) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += v.counts[k];
  return total;
}
