import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY, control, startSandbox } from '../connectors/gem/gem-test-kit.js';
import { launchBrowser, screenshotPath, type Browser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The operator dashboard: sign-in rules and CSRF over HTTP, then in Chromium a FULL sync started by
 * a click, watched while it runs against the (slowed) Gem sandbox, and its result.
 */
describe('Operator dashboard', () => {
  let t: TestApp;
  let gem: RunningSandbox;
  let appUrl: string;
  let connectionId: string;
  let scopedKey: string;

  beforeAll(async () => {
    gem = await startSandbox({ candidates: 60, seed: 9 });
    t = await startTestApp({ workers: 1 });
    await t.app.listen(0, '127.0.0.1');
    appUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const made = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'gem', name: 'Acme Gem', credentials: { api_key: API_KEY }, base_url: gem.url, settings: { sync_paused: true } });
    connectionId = made.body.data.id;
    scopedKey = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: connectionId })).body.data.key;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await gem?.close();
  });

  async function signIn(): Promise<string> {
    const res = await t.http().post('/dashboard/login').type('form').send({ key: t.adminKey });
    expect([res.status, res.headers.location]).toEqual([303, '/dashboard']);
    return (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  }

  describe('over HTTP', () => {
    it('signs in with the admin key only: a session cookie that is HttpOnly, SameSite=Strict, scoped to /dashboard', async () => {
      const res = await t.http().post('/dashboard/login').type('form').send({ key: t.adminKey });
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/^ats_dashboard=ds_[A-Za-z0-9_-]{43}; Max-Age=43200; HttpOnly; SameSite=Strict; Path=\/dashboard$/);
      expect(cookie).not.toContain(t.adminKey);
      const scoped = await t.http().post('/dashboard/login').type('form').send({ key: scopedKey });
      expect([scoped.status, scoped.headers['set-cookie'], scoped.text.includes('scoped to one connection')]).toEqual([403, undefined, true]);
      const wrong = await t.http().post('/dashboard/login').type('form').send({ key: 'nope' });
      expect([wrong.status, wrong.headers['set-cookie']]).toEqual([401, undefined]);
      const crossSite = await t.http().post('/dashboard/login').set('Origin', 'http://evil.example').type('form').send({ key: t.adminKey });
      expect([crossSite.status, crossSite.headers['set-cookie']]).toEqual([403, undefined]);
      const crossSiteBrowser = await t.http().post('/dashboard/login').set('Sec-Fetch-Site', 'cross-site').type('form').send({ key: t.adminKey });
      expect([crossSiteBrowser.status, crossSiteBrowser.headers['set-cookie']]).toEqual([403, undefined]);
    });

    it('its API needs the session; a change also needs the CSRF token from /dashboard/api/session and this origin', async () => {
      expect((await t.http().get('/dashboard/api/connections')).status).toBe(401);
      expect((await t.http().get('/dashboard/api/connections').set(t.admin)).status).toBe(401);
      const cookie = await signIn();
      const list = await t.http().get('/dashboard/api/connections').set('Cookie', cookie);
      expect(list.body.data.results.map((c: { id: string }) => c.id)).toEqual([connectionId]);
      const runs = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_runs'))[0].n;
      const before = await runs();
      const noToken = await t.http().post(`/dashboard/api/connections/${connectionId}/sync`).set('Cookie', cookie).send({ type: 'DELTA' });
      expect([noToken.status, noToken.body.error.code]).toEqual([403, 'PLATFORM.FORBIDDEN']);
      const csrf = (await t.http().get('/dashboard/api/session').set('Cookie', cookie)).body.data.csrf_token;
      const crossSite = await t.http().post(`/dashboard/api/connections/${connectionId}/enabled`).set({ Cookie: cookie, 'X-CSRF-Token': csrf, Origin: 'http://evil.example' }).send({ value: false });
      expect(crossSite.status).toBe(403);
      expect(await runs()).toBe(before);
      expect((await t.http().get(`/v1/connections/${connectionId}`).set(t.admin)).body.data.enabled).toBe(true);
      const page = await t.http().get('/dashboard').set('Cookie', cookie);
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.text).not.toContain(t.adminKey);
      const out = await t.http().post('/dashboard/logout').set({ Cookie: cookie, 'X-CSRF-Token': csrf });
      expect(out.status).toBe(204);
      expect((await t.http().get('/dashboard/api/connections').set('Cookie', cookie)).status).toBe(401);
    });
  });

  describe('in a browser', () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      browser = await launchBrowser({ width: 1300, height: 900 });
      page = await browser.context.newPage();
    }, 120_000);
    afterAll(() => browser?.close());

    it('shows the connection; a click on “FULL sync” starts one, whose progress shows while it runs and whose result and record counts follow', async () => {
      await page.goto(`${appUrl}/dashboard`);
      await page.getByLabel('Admin API key').fill(t.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const row = page.locator(`tr[data-connection="${connectionId}"]`);
      await row.getByText('Acme Gem').waitFor();
      await row.getByText('ACTIVE').waitFor();
      expect(page.url()).toBe(`${appUrl}/dashboard`);

      // Slow Gem down so the run is watched while it runs.
      await control(gem.url, 'POST', 'faults', { latency_ms: 300 });
      await row.getByRole('button', { name: 'FULL sync' }).click();
      const running = page.locator('#syncs tr[data-state="RUNNING"]');
      await running.waitFor({ timeout: 60_000 });
      await running.getByText(/pages/).first().waitFor();
      await page.screenshot({ path: screenshotPath('dashboard.png') });
      await control(gem.url, 'DELETE', 'faults');

      const done = page.locator('#syncs tr[data-state="SUCCEEDED"]');
      await done.waitFor({ timeout: 60_000 });
      const { rows } = { rows: await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ats_candidates WHERE connection_id = $1 AND remote_deleted_at IS NULL', [connectionId]) };
      expect(rows[0].n).toBeGreaterThan(0);
      await row.getByText(new RegExp(`candidates ${rows[0].n}\\b`)).waitFor({ timeout: 30_000 });
      const runs = await t.http().get(`/v1/connections/${connectionId}/syncs`).set(t.admin);
      expect(runs.body.data.results.map((r: { type: string; trigger: string; state: string }) => [r.type, r.trigger, r.state])).toEqual([['FULL', 'MANUAL', 'SUCCEEDED']]);
    }, 150_000);

    it('lists the write actions; disables and enables; rotating credentials gives a Connect link; delete asks first', async () => {
      await t.db.query(
        `INSERT INTO ats_write_actions (connection_id, action, outcome, status_code, error_code, duration_ms) VALUES ($1, 'ats_create_candidate', 'FAILED', 409, 'ATS.CANDIDATE_DUPLICATE', 42)`,
        [connectionId],
      );
      const row = page.locator(`tr[data-connection="${connectionId}"]`);
      await row.getByRole('button', { name: 'History' }).click();
      await page.locator('#writes').getByText('ATS.CANDIDATE_DUPLICATE').waitFor();

      await row.getByRole('button', { name: 'Disable' }).click();
      await row.getByText('INACTIVE').waitFor();
      expect((await t.http().get(`/v1/connections/${connectionId}`).set(t.admin)).body.data.enabled).toBe(false);
      await row.getByRole('button', { name: 'Enable' }).click();
      await row.getByText('ACTIVE', { exact: true }).waitFor();

      await row.getByRole('button', { name: 'Rotate credentials' }).click();
      const text = (await page.locator('#relink').getByText(/connect#cl_/).textContent())!;
      const token = /#(cl_[A-Za-z0-9_-]{43})/.exec(text)![1];
      const shown = await t.http().get('/v1/connect/page').set('X-Connect-Link', token);
      expect([shown.body.data.relink, shown.body.data.tools.map((x: { id: string }) => x.id)]).toEqual([true, ['gem']]);

      page.once('dialog', (dialog) => void dialog.dismiss());
      await row.getByRole('button', { name: 'Delete' }).click();
      await page.waitForTimeout(300);
      expect((await t.http().get(`/v1/connections/${connectionId}`).set(t.admin)).status).toBe(200);
      page.once('dialog', (dialog) => {
        expect(dialog.message()).toContain('Delete Acme Gem and all of its synced data?');
        void dialog.accept();
      });
      await row.getByRole('button', { name: 'Delete' }).click();
      await page.getByText('No connections yet').waitFor();
      expect((await t.http().get(`/v1/connections/${connectionId}`).set(t.admin)).status).toBe(404);

      // Signing out ends the session: the sign-in form again, and the old cookie opens nothing.
      const [cookie] = await browser.context.cookies();
      expect(cookie).toMatchObject({ name: 'ats_dashboard', httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Admin API key').waitFor();
      expect((await t.http().get('/dashboard/api/connections').set('Cookie', `${cookie.name}=${cookie.value}`)).status).toBe(401);
    }, 120_000);
  });
});
