import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/config/environment.js';

/** ATS_SYNC_TRUST_PROXY, validated like every other setting: off by default, a hop count or proxy addresses. */
describe('the ATS_SYNC_TRUST_PROXY setting', () => {
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', ATS_SYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ATS_SYNC_ADMIN_KEY: 'a'.repeat(32) };
  const load = (value?: string) => loadConfig(value === undefined ? base : { ...base, ATS_SYNC_TRUST_PROXY: value });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['off', undefined],
    ['false', undefined],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.5', ['10.0.0.0/8', '192.168.1.5']],
    ['::1,fd00::/8,uniquelocal', ['::1', 'fd00::/8', 'uniquelocal']],
  ])('%j → %j', (value, expected) => {
    expect(load(value).trustProxy).toEqual(expected);
  });

  it.each(['true', 'yes-please', '33', '10.0.0.0/33', '::1/129', '10.0.0.0/8,', '300.1.1.1', 'example.com', '10.0.0.0/8/1'])('refuses %j in one line naming the variable', (value) => {
    let message = '';
    try {
      load(value);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ATS_SYNC_TRUST_PROXY must be off, a hop count from 1 to 32, or a comma-separated list/);
    expect(message).not.toContain('\n');
  });
});
