import { DataSource } from 'typeorm';
import { SIGN_IN_LIMIT, SignInLimit } from '../../src/dashboard/sign-in-limit.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Guessing the admin key at the dashboard's sign-in: 10 attempts per address per 15 minutes, then 429. */
describe('dashboard sign-in limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const signIn = (key: string, accept?: string) => {
    const request = t.http().post('/dashboard/login').type('form');
    return (accept ? request.set('Accept', accept) : request).send({ key });
  };

  it('refuses the 11th attempt of 10 failures with 429, Retry-After and the error envelope, even with the right key', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.attempts; i++) expect((await signIn(`wrong-${i}`)).status).toBe(401);
    const limited = await signIn(t.adminKey);
    expect(limited.status).toBe(429);
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(SIGN_IN_LIMIT.windowSeconds - 60);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(SIGN_IN_LIMIT.windowSeconds);
    expect(limited.body).toEqual({ status: 'error', error: expect.objectContaining({ code: 'PLATFORM.RATE_LIMIT_EXCEEDED', message: expect.stringContaining('try again in 15 minute(s)') }) });

    // The browser's form gets the sign-in page back, with the reason.
    const page = await signIn(t.adminKey, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect([page.status, page.type, page.headers['retry-after'] !== undefined, page.text.includes('Too many sign-in attempts')]).toEqual([429, 'text/html', true, true]);
  });

  it('lets the address in again once the window is over, and a sign-in starts it afresh', async () => {
    await t.db.query(`UPDATE dashboard_sign_in_attempts SET window_started_at = now() - interval '16 minutes'`);
    const ok = await signIn(t.adminKey);
    expect([ok.status, ok.headers.location]).toEqual([303, '/dashboard']);
    expect(await t.db.query(`SELECT * FROM dashboard_sign_in_attempts`)).toEqual([]);
    for (let i = 0; i < SIGN_IN_LIMIT.attempts - 1; i++) expect((await signIn('wrong')).status).toBe(401);
    expect((await signIn(t.adminKey)).status).toBe(303);
  });

  it('counts per address, and attempts sent at once cannot pass the limit together', async () => {
    const db = new DataSource({ type: 'postgres', url: t.db.url });
    await db.initialize();
    try {
      const limit = new SignInLimit(db, { attempts: 3, windowSeconds: 60 });
      const waits = await Promise.all(Array.from({ length: 8 }, () => limit.attempt('198.51.100.7')));
      expect(waits.filter((w) => w === 0)).toHaveLength(3);
      expect(waits.filter((w) => w > 0 && w <= 60)).toHaveLength(5);
      expect(await limit.attempt('203.0.113.9')).toBe(0);
      await limit.succeeded('198.51.100.7');
      expect(await limit.attempt('198.51.100.7')).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});

/**
 * Behind a reverse proxy every client arrives from the proxy's address. ATS_SYNC_TRUST_PROXY lets
 * X-Forwarded-For name the client; unset, the header is ignored, so a client cannot leave its
 * bucket by forging one. (supertest connects from 127.0.0.1: "the proxy" here.)
 */
describe('dashboard sign-in limit and X-Forwarded-For', () => {
  const signInFrom = (t: TestApp, key: string, forwardedFor?: string) => {
    const request = t.http().post('/dashboard/login').type('form');
    return (forwardedFor ? request.set('X-Forwarded-For', forwardedFor) : request).send({ key });
  };
  const addresses = async (t: TestApp) => (await t.db.query<{ address: string }>(`SELECT address FROM dashboard_sign_in_attempts ORDER BY address`)).map((r) => r.address);

  describe('off (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: a new forged address on every attempt does not escape the limit', async () => {
      for (let i = 0; i < SIGN_IN_LIMIT.attempts; i++) expect((await signInFrom(t, `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
      expect((await signInFrom(t, t.adminKey, '203.0.113.77')).status).toBe(429);
      expect(await addresses(t)).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/)]);
    });
  });

  describe('off when the peer is not one of the listed proxies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ trustProxy: ['10.0.0.0/8'] });
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For from an address it does not trust', async () => {
      for (let i = 0; i < SIGN_IN_LIMIT.attempts; i++) expect((await signInFrom(t, `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
      expect((await signInFrom(t, t.adminKey, '203.0.113.77')).status).toBe(429);
    });
  });

  describe.each([
    ['the proxy listed by address', ['loopback'] as string[] | number],
    ['one hop', 1],
  ])('on: %s', (_name, trustProxy) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ trustProxy });
    });
    afterAll(() => t.close());

    it('gives distinct forwarded clients distinct buckets: one locked out, another still signs in', async () => {
      for (let i = 0; i < SIGN_IN_LIMIT.attempts; i++) expect((await signInFrom(t, `wrong-${i}`, '198.51.100.7')).status).toBe(401);
      expect((await signInFrom(t, t.adminKey, '198.51.100.7')).status).toBe(429);
      const other = await signInFrom(t, t.adminKey, '198.51.100.8');
      expect([other.status, other.headers.location]).toEqual([303, '/dashboard']);
      expect(await addresses(t)).toEqual(['198.51.100.7']);
    });

    it('counts the address the proxy saw, not what the client wrote before it in the header', async () => {
      // The proxy appends the peer it saw; whatever the client sent stays to its left.
      for (let i = 0; i < SIGN_IN_LIMIT.attempts; i++) expect((await signInFrom(t, `wrong-${i}`, `10.9.9.${i}, 192.0.2.44`)).status).toBe(401);
      expect((await signInFrom(t, t.adminKey, '10.9.9.200, 192.0.2.44')).status).toBe(429);
      expect(await addresses(t)).toContain('192.0.2.44');
    });
  });
});
