import { type Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from './helpers/browser';
import { startStack, type Stack } from './helpers/stack';

// CI installs Debian's chromium; a laptop without it skips this file rather than failing
// (set CHROMIUM_PATH to use another build). Under CI a missing browser is a failure.

describeBrowser('the playground (GET /) in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('loads offline, runs the ready export query with the dpo token in its headers and shows the subject', async () => {
    const origin = new URL(stack.gatewayUrl).origin;
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) foreign.push(req.url());
    });
    await page.goto(`${origin}/`);
    const answered = page.waitForResponse(
      (r) =>
        r.url() === stack.gatewayUrl &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes('SubjectExport'),
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await answered;
    // The dpo token npm start puts in the Headers tab went with the request.
    expect(response.request().headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const body = (await response.json()) as { data?: { subject?: Record<string, unknown> }; errors?: unknown };
    // What the page received holds data from every subgraph...
    expect(body.errors).toBeUndefined();
    expect(body.data?.subject).toMatchObject({
      fullName: 'Élodie Dupré-Noël',
      mentoringSessions: expect.arrayContaining([expect.objectContaining({ goals: expect.any(String) })]),
      invoices: expect.arrayContaining([expect.objectContaining({ number: 'F-2026-000001' })]),
      supportTickets: expect.arrayContaining([expect.objectContaining({ type: expect.any(String) })]),
    });
    // ...and the person sees it in the result pane (which only renders the lines in view).
    await page.locator('.result-window').getByText('Élodie Dupré-Noël').waitFor({ timeout: 30_000 });
    expect(foreign).toEqual([]);
  });
});
