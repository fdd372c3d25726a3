import cliProgress from 'cli-progress';
import { setTimeout as delay } from 'node:timers/promises';

export interface SyncCommandOptions {
  url: string;
  apiKey: string;
  connectionId: string;
  type: 'FULL' | 'DELTA';
  /** Where progress and the summary go (stdout). */
  out: NodeJS.WritableStream;
  pollMs?: number;
}

interface RunView {
  id: string;
  state: string;
  counts: Record<string, Record<string, number>>;
  streams: Record<string, { state: string; mode: string; note?: string; error?: string }>;
  errors: { stream?: string; code: string; message: string }[];
  duration_seconds: number | null;
}

const FINAL = new Set(['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED']);

async function call<T>(options: SyncCommandOptions, method: string, path: string, body?: unknown): Promise<T> {
  const url = `${options.url}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND…) and the URL say what to fix.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`could not reach ats-sync at ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}); is it running there? --url points elsewhere`);
  }
  const text = await response.text();
  let json: { status?: string; data: T; error?: { code: string; message: string } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${url} answered ${response.status} with a body that is not JSON; is --url an ats-sync service?`);
  }
  if (!response.ok) throw new Error(`${json.error?.code ?? response.status}: ${json.error?.message ?? response.statusText}`);
  return json.data;
}

/** Expected records per model: what the last finished FULL fetched (bars need a total; partners give none). */
async function estimates(options: SyncCommandOptions): Promise<Record<string, number>> {
  const history = await call<{ results: RunView[] }>(options, 'GET', `/v1/connections/${options.connectionId}/syncs?limit=20`);
  const lastFull = history.results.find((r) => FINAL.has(r.state) && (r as unknown as { type: string }).type === 'FULL');
  return Object.fromEntries(Object.entries(lastFull?.counts ?? {}).map(([model, c]) => [model, c.fetched]));
}

/**
 * `ats-sync sync <connection-id> --full|--delta`: queues a sync on the running service, shows a live
 * bar per model until it ends, and prints the summary. Resolves to the run's final state.
 */
export async function runSyncCommand(options: SyncCommandOptions): Promise<RunView> {
  const begun = Date.now();
  const expected = options.type === 'FULL' ? await estimates(options) : {};
  let run = await call<RunView>(options, 'POST', `/v1/connections/${options.connectionId}/sync`, { type: options.type });
  options.out.write(`sync ${run.id} (${options.type}) queued\n`);

  const isTty = Boolean((options.out as NodeJS.WriteStream).isTTY);
  const progress = isTty ? liveBars(options.out, expected) : progressLines(options.out, expected);
  while (!FINAL.has(run.state)) {
    await delay(options.pollMs ?? 500);
    run = await call<RunView>(options, 'GET', `/v1/syncs/${run.id}`);
    progress.render(run, false);
  }
  progress.render(run, true);
  options.out.write(summary(run, (Date.now() - begun) / 1000));
  return run;
}

interface Progress {
  /** Shows the run's counts; `final` once it has ended. */
  render(view: RunView, final: boolean): void;
}

const noteOf = (c: Record<string, number>) => `+${c.created} ~${c.updated} -${c.deleted}${c.failed ? ` !${c.failed}` : ''}`;

/** A terminal: one live bar per model, redrawn in place. */
function liveBars(out: NodeJS.WritableStream, expected: Record<string, number>): Progress {
  const bars = new cliProgress.MultiBar(
    { stream: out as NodeJS.WriteStream, format: ' {model} [{bar}] {value}/{total} records | {note}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const byModel = new Map<string, cliProgress.SingleBar>();
  return {
    render(view, final) {
      for (const [model, counts] of Object.entries(view.counts)) {
        const total = final ? Math.max(1, counts.fetched) : Math.max(expected[model] ?? 0, counts.fetched, 1);
        let bar = byModel.get(model);
        if (!bar) {
          bar = bars.create(total, 0, { model: model.padEnd(24), note: '' });
          byModel.set(model, bar);
        }
        bar.setTotal(total);
        bar.update(counts.fetched, { note: noteOf(counts) });
      }
      if (final) bars.stop();
    },
  };
}

const LINE_EVERY_MS = 3000;
const BAR_WIDTH = 20;

/**
 * A log or a pipe (no TTY): a redrawn block would be reprinted whole each time, so instead one line
 * per model that moved, at most every few seconds, and each model's last line at the end.
 */
function progressLines(out: NodeJS.WritableStream, expected: Record<string, number>): Progress {
  const printed = new Map<string, string>();
  let lastAt = 0;
  return {
    render(view, final) {
      if (!final && Date.now() - lastAt < LINE_EVERY_MS) return;
      lastAt = Date.now();
      for (const [model, counts] of Object.entries(view.counts)) {
        const total = final ? Math.max(1, counts.fetched) : Math.max(expected[model] ?? 0, counts.fetched, 1);
        const filled = Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * counts.fetched) / total));
        const line = ` ${model.padEnd(24)} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${counts.fetched}/${total} records | ${noteOf(counts)}`;
        if (printed.get(model) === line) continue;
        printed.set(model, line);
        out.write(line + '\n');
      }
    },
  };
}

/** The summary table; the wall time is the run's, or (a run that never started) the command's own. */
export function summary(run: RunView, waitedSeconds: number): string {
  const lines = [`\nsync ${run.id}: ${run.state} in ${(run.duration_seconds ?? waitedSeconds).toFixed(1)} s`];
  lines.push('| model | fetched | created | updated | unchanged | deleted | failed |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const [model, c] of Object.entries(run.counts)) {
    lines.push(`| ${model} | ${c.fetched} | ${c.created} | ${c.updated} | ${c.unchanged} | ${c.deleted} | ${c.failed} |`);
  }
  for (const [name, stream] of Object.entries(run.streams)) {
    if (stream.note || stream.error) lines.push(`${name}: ${stream.mode}${stream.note ? ` (${stream.note})` : ''}${stream.error ? ` — ${stream.error}` : ''}`);
  }
  for (const error of run.errors.slice(0, 10)) lines.push(`error ${error.code}${error.stream ? ` [${error.stream}]` : ''}: ${error.message}`);
  return lines.join('\n') + '\n';
}
