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
