import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * The README promises Node 20.19: every package the lock file installs (dev tooling included) must
 * accept it, so `npm ci` on Node 20 prints no EBADENGINE warning.
 */
describe('Node engines of the installed packages', () => {
  const root = process.cwd();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }>;
  };
  const promised = semver.minVersion(pkg.engines.node)!.version;

  it('the README states the same oldest Node as package.json', () => {
    expect(promised).toBe('20.19.0');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19 or newer');
  });

  it(`every package in the lock file accepts Node ${promised}`, () => {
    const refused = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(promised, (entry.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} wants node ${(entry.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});
