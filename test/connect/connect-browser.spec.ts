import { Kombo } from '@kombo-api/sdk';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { ashbyConnector } from '../../src/connectors/ashby/ashby.connector.js';
import { signature } from '../../src/connectors/ashby/sandbox/webhooks.js';
import { gemConnector } from '../../src/connectors/gem/gem.connector.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY as ASHBY_KEY, startSandbox as startAshby } from '../connectors/ashby/ashby-test-support.js';
import { API_KEY as GEM_KEY, startSandbox as startGem } from '../connectors/gem/gem-test-kit.js';
import { launchBrowser, screenshotPath, type Browser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startPartnerApp, type PartnerApp } from './support/partner-app.js';

/**
 * The Connect page in a real Chromium, opened by Kombo's own @kombo-api/connect from a partner page
 * on another origin, against the Gem and Ashby sandboxes over real HTTP.
 */
describe('Connect page in a browser, driven by @kombo-api/connect', () => {
  let t: TestApp;
  let gem: RunningSandbox;
  let ashby: RunningSandbox;
  let partner: PartnerApp;
  let browser: Browser;
  let page: Page;
  let kombo: Kombo;
  let appUrl: string;

  beforeAll(async () => {
    [gem, ashby] = await Promise.all([startGem({ candidates: 5, seed: 5 }), startAshby(5, 5)]);
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    appUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    kombo = new Kombo({ api_key: t.adminKey, server_url: `${appUrl}/v1` });
    const sandboxes: Record<string, string> = { gem: gem.url, ashby: ashby.url };
    partner = await startPartnerApp(async (tool, language) => {
      const res = await fetch(`${appUrl}/v1/connect/create-link`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ end_user_email: 'it@acme.example', end_user_organization_name: 'Acme', integration_category: 'ATS', language, ...(tool ? { integration_tool: tool, base_url: sandboxes[tool] } : {}) }),
      });
      return ((await res.json()) as { data: { link: string } }).data.link;
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await partner?.close();
    await t?.close();
    await Promise.all([gem?.close(), ashby?.close()]);
  });

  const connections = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM connections'))[0].n;
  const out = () => page.locator('#out');
  async function open(tool: string, language = 'en') {
    await page.goto(partner.url);
    await page.evaluate(([name, lang]) => void (globalThis as unknown as { openConnect(t: string, l: string): Promise<void> }).openConnect(name, lang), [tool, language]);
    return page.frameLocator('iframe');
  }

  it('Gem: the connector’s steps, a refused key shown and nothing created, then the right key; the promise resolves with a token the SDK exchanges', async () => {
    const frame = await open('gem');
    await frame.getByRole('heading', { name: 'Connect Gem' }).waitFor();
    for (const step of gemConnector.setupGuide!.steps) await frame.getByText(step).waitFor();
    const before = await connections();

    const key = frame.getByLabel('API Key');
    await key.fill('not-the-key');
    await key.press('Enter');
    await frame.getByRole('alert').filter({ hasText: 'Gem refused this key. Check that you copied all of it' }).waitFor();
    expect(await connections()).toBe(before);
    expect(await key.getAttribute('aria-invalid')).toBe('true');

    await page.setViewportSize({ width: 390, height: 780 });
    await key.fill('');
    await page.screenshot({ path: screenshotPath('connect-page.png') });
    await page.setViewportSize({ width: 1100, height: 800 });

    await key.fill(GEM_KEY);
    await frame.getByRole('button', { name: 'Connect' }).click();
    await out().filter({ hasText: /^token:/ }).waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    const token = (await out().textContent())!.slice('token:'.length);

    const integration = await kombo.connect.getIntegrationByToken({ token });
    expect(integration.data).toMatchObject({ tool: 'gem', end_user_email: 'it@acme.example', end_user_organization_name: 'Acme' });
    expect(await connections()).toBe(before + 1);
    const through = await t.http().post('/v1/passthrough/gem/default').set({ ...t.admin, 'X-Integration-Id': integration.data.id }).send({ method: 'GET', path: '/ats/v0/users' });
    expect(through.body.data.status).toBe(200);
    expect(t.logs.text()).not.toContain(GEM_KEY);
  }, 120_000);

  it('Ashby: after the key, the Request URL and Secret Token with copy buttons, waiting for Ashby’s ping until it arrives', async () => {
    const frame = await open('ashby');
    await frame.getByRole('heading', { name: 'Connect Ashby' }).waitFor();
    for (const permission of ashbyConnector.setupGuide!.permissions) await frame.getByText(permission).waitFor();
    await frame.getByLabel('API Key').fill(ASHBY_KEY);
    await frame.getByLabel('API Key').press('Enter');

    await frame.getByRole('heading', { name: 'Send changes from Ashby right away' }).waitFor();
    const url = await frame.getByLabel('Request URL').inputValue();
    const secret = await frame.getByLabel('Secret Token').inputValue();
    expect(url).toMatch(new RegExp(`^${appUrl}/v1/inbound/[0-9a-f-]{36}$`));
    expect(secret).toMatch(/^whsec_/);
    await frame.getByText('Waiting for Ashby’s ping…').waitFor();
    await frame.getByRole('button', { name: 'Copy' }).first().click();
    await frame.getByRole('button', { name: 'Copied' }).waitFor();
    await page.setViewportSize({ width: 390, height: 780 });
    await page.screenshot({ path: screenshotPath('connect-webhook-step.png') });
    await page.setViewportSize({ width: 1100, height: 800 });

    // What Ashby sends when the webhook is saved: a signed ping.
    const raw = JSON.stringify({ webhookActionId: 'ping-1', action: 'ping', data: {} });
    const ping = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Ashby-Signature': signature(secret, raw) }, body: raw });
    expect(ping.status).toBe(200);
    await frame.getByText('Ashby’s ping received.').waitFor();

    await frame.getByRole('button', { name: 'Finish' }).click();
    await out().filter({ hasText: /^token:/ }).waitFor();
    const integration = await kombo.connect.getIntegrationByToken({ token: (await out().textContent())!.slice('token:'.length) });
    expect(integration.data.tool).toBe('ashby');
    expect(url.endsWith(integration.data.id)).toBe(true);
  }, 120_000);

  it('without a preselected tool: every provider to pick, by keyboard; Back returns; Escape rejects the promise with KomboConnectCancelledError', async () => {
    const frame = await open('');
    await frame.getByRole('heading', { name: 'Connect your ATS' }).waitFor();
    const tools = frame.getByRole('listitem');
    expect(await tools.allTextContents()).toEqual(['Ashby', 'Gem', 'JazzHR']);
    await frame.getByRole('button', { name: 'Gem' }).focus();
    await page.keyboard.press('Enter');
    await frame.getByRole('heading', { name: 'Connect Gem' }).waitFor();
    // The key field has the focus: the customer pastes straight away.
    expect(await frame.getByLabel('API Key').evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    await frame.getByRole('button', { name: '← Back' }).click();
    await frame.getByRole('button', { name: 'JazzHR' }).click();
    await frame.getByRole('heading', { name: 'Connect JazzHR' }).waitFor();
    await page.keyboard.press('Escape');
    await out().filter({ hasText: 'error:KomboConnectCancelledError' }).waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
  }, 90_000);

  it('in the link’s language (here German): the page’s own words; the connector’s steps as the connector gives them', async () => {
    const frame = await open('gem', 'de');
    await frame.getByRole('heading', { name: 'Gem verbinden' }).waitFor();
    await frame.getByRole('heading', { name: 'Bevor Sie beginnen' }).waitFor();
    await frame.getByText(gemConnector.setupGuide!.steps[0]).waitFor();
    expect(await frame.locator('html').getAttribute('lang')).toBe('de');
    await frame.getByRole('button', { name: 'Schließen' }).click();
    await out().filter({ hasText: 'error:KomboConnectCancelledError' }).waitFor();
  }, 90_000);
});

