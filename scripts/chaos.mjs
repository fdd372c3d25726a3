// `npm run test:chaos`: builds, runs the chaos suite (jest.chaos.config.js) with a time limit, and
// writes the figures it measured into docs/reliability.md (between the chaos-figures markers).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const figures = join(root, '.chaos-figures.jsonl');
const LIMIT_MINUTES = Number(process.env.CHAOS_LIMIT_MINUTES ?? 25);
rmSync(figures, { force: true });

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const timer = setTimeout(() => {
      process.stderr.write(`chaos: stopped after ${LIMIT_MINUTES} minutes\n`);
      child.kill('SIGTERM');
    }, LIMIT_MINUTES * 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

const built = await run('npx', ['nest', 'build']);
if (built !== 0) process.exit(built);
const code = await run('npx', ['jest', '-c', 'jest.chaos.config.js'], { NODE_OPTIONS: '--experimental-vm-modules', CHAOS_FIGURES: figures });

const lines = existsSync(figures) ? readFileSync(figures, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const rows = lines.map((f) => {
  const { suite, at, ...rest } = f;
  return `| ${suite} | ${Object.entries(rest).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')} | ${at} |`;
});
const section = [
  '<!-- chaos-figures:start -->',
  `Last \`npm run test:chaos\`: ${new Date().toISOString()}, exit code ${code}.`,
  '',
  '| suite | figures | at |',
  '|---|---|---|',
  ...rows,
  '<!-- chaos-figures:end -->',
].join('\n');
const doc = join(root, 'docs/reliability.md');
const text = readFileSync(doc, 'utf8');
const next = text.includes('<!-- chaos-figures:start -->')
  ? text.replace(/<!-- chaos-figures:start -->[\s\S]*<!-- chaos-figures:end -->/, section)
  : `${text.trimEnd()}\n\n## Figures of the last chaos run\n\n${section}\n`;
writeFileSync(doc, next);
rmSync(figures, { force: true });
process.exit(code);
