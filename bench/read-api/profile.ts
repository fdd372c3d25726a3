// Summarizes a V8 .cpuprofile (node --cpu-prof) of the serving process: self time by package and
// the top functions, over the samples taken inside the measured window.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package under node_modules, a Node core module, ats-sync's own code, or V8's pseudo-frames. */
export function category(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, not JS)';
    return functionName ? `native ${functionName}` : '(native)';
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  const own = /\/dist\/(src\/[^/]+)\//.exec(url);
  if (own) return `ats-sync ${own[1]}`;
  return url;
}

export interface ProfileSummary {
  /** Sampled ms in the window, idle excluded. */
  busyMs: number;
  byCategory: { name: string; ms: number }[];
  topFunctions: { name: string; ms: number }[];
}

/** `from` and `to` are monotonic-clock microseconds (process.hrtime), the clock V8 stamps samples with. */
export function summarizeProfile(file: string, from: number, to: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let time = profile.startTime;
  const inWindow = (t: number) => t >= from && t <= to;
  // When the clocks do not line up (no sample inside the window), count every sample.
  let all = true;
  for (const delta of profile.timeDeltas) {
    time += delta;
    if (inWindow(time)) {
      all = false;
      break;
    }
  }
  time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!all && !inWindow(time)) continue;
    const node = nodes.get(profile.samples[i])!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += ms;
    const cat = category(url, functionName);
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + ms);
    const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { busyMs: busy, byCategory: sorted(byCategory), topFunctions: sorted(byFunction).slice(0, 15) };
}
