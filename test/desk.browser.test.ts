/**
 * The request desk at /desk in headless Chromium (Debian's, through playwright-core): a dpo signs
 * in with a token, finds an overdue demo request, extends it with a reason, opens a subject,
 * places then releases a hold, and sees the statistics chart; support sees only its own view.
 * Screenshots go to test/artifacts/ (git-ignored). Real stack, demo data with the desk's cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, HAS_CHROMIUM, describeBrowser, launchChromium } from './helpers/browser';
import { buildDesk } from '../scripts/build-desk';
import { startStack, type Stack } from './helpers/stack';

if (!HAS_CHROMIUM && !process.env.CI)
  console.warn(
    `desk.browser.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
const ARTIFACTS = path.join(__dirname, 'artifacts');

describeBrowser('the request desk (/desk) in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildDesk();
    stack = await startStack({ subjects: 12, deskCases: true });
    origin = new URL(stack.gatewayUrl).origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function signIn(token: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${origin}/desk`);
    await page.locator('textarea[name=token]').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  /**
   * Fills an action's form, checks what it says it will do, confirms, and waits for "Done.", or,
   * for an action the refreshed view no longer offers (a released hold), for its button to go.
   */
  async function act(
    page: Page,
    testId: string,
    reason: string | null,
    expectWillDo: RegExp,
    shot: string,
    done: 'says-done' | 'goes' = 'says-done',
  ) {
    await page.getByTestId(testId).click();
    if (reason !== null) await page.locator('form.action input[name=reason]').fill(reason);
    await page.locator('form.action button[type=submit]').click();
    await expect(page.getByTestId('will-do').textContent()).resolves.toMatch(expectWillDo);
    await page.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`), fullPage: true });
    await page.getByTestId('confirm').click();
    if (done === 'goes') await page.getByTestId(testId).waitFor({ state: 'detached' });
    else await page.getByTestId(`${testId}-result`).getByText('Done.').waitFor();
  }

  it('lets a dpo extend an overdue request, hold and release a subject, and read the statistics', async () => {
    const page = await signIn(await stack.token({ roles: ['dpo'], sub: 'dpo-desk' }));
    const overdueRow = page.locator('[data-testid=open-requests] tr.overdue').first();
    await overdueRow.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-open-requests.png'), fullPage: true });
    const openButton = overdueRow.locator('button[data-testid^=open-]');
    const requestId = (await openButton.getAttribute('data-testid'))!.slice('open-'.length);
    await openButton.click();
    await page.getByTestId('request-detail').waitFor();
    await act(page, 'extend', 'Complex request: several linked accounts', /move the due date/, 'desk-extend-confirm');
    const after = await stack.query<{
      dataSubjectRequest: { extendedMonths: number; extensionReason: string; subjectId: string };
    }>('query($id: ID!) { dataSubjectRequest(id: $id) { extendedMonths extensionReason subjectId } }', {
      id: requestId,
    });
    expect(after.data!.dataSubjectRequest).toMatchObject({
      extendedMonths: 1,
      extensionReason: 'Complex request: several linked accounts',
    });
    await page.getByTestId('audit').getByText('DEADLINE_EXTENDED').waitFor();

    // The subject of that request: their page, a hold placed then released.
    const subjectId = after.data!.dataSubjectRequest.subjectId;
    await page.getByRole('button', { name: 'Subject' }).click();
    await page.locator('input[name=subjectId]').fill(subjectId);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('subject-page').waitFor();
    await page.getByTestId('subject-requests').getByText('RECTIFICATION').waitFor();
    await act(page, 'place-hold', 'Dispute with the customer (CX-2026-114)', /keep every record/, 'desk-hold-confirm');
    const holdsOf = async () =>
      (
        await stack.query<{ legalHolds: { nodes: Array<{ id: string; releasedAt: string | null }> } }>(
          'query($s: ID) { legalHolds(filter: { subjectId: $s }) { nodes { id releasedAt } } }',
          { s: subjectId },
        )
      ).data!.legalHolds.nodes;
    const [hold] = await holdsOf();
    expect(hold).toMatchObject({ releasedAt: null });
    await page.getByTestId('holds').getByText('active').waitFor();
    await act(page, `release-${hold.id}`, 'Dispute settled', /release hold/, 'desk-release-confirm', 'goes');
    await page.getByTestId('holds').getByText('released', { exact: false }).waitFor();
    expect((await holdsOf())[0].releasedAt).not.toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-subject.png'), fullPage: true });

    await page.getByRole('button', { name: 'Statistics' }).click();
    const chart = page.getByTestId('statistics-chart');
    await chart.waitFor();
    expect(await chart.locator('rect').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-statistics.png'), fullPage: true });

    // In French.
    await page.getByTestId('lang').click();
    await page.getByRole('heading', { name: 'Le bureau du DPO' }).waitFor();
    await page.getByRole('button', { name: 'Statistiques' }).waitFor();
    await page.close();
  });

  it('shows support only its own view, and the API refuses it the dpo views anyway', async () => {
    const token = await stack.token({ roles: ['support'], sub: 'support-desk' });
    const page = await signIn(token);
    await page.getByTestId('views').waitFor();
    const views = await page.getByTestId('views').locator('button').allTextContents();
    expect(views).toEqual(['Find a subject']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-support.png'), fullPage: true });
    const code = await page.evaluate(async (bearer) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: '{ dataSubjectRequests { totalCount } }' }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      return body.errors?.[0]?.extensions?.code;
    }, token);
    expect(code).toBe('FORBIDDEN');
    await page.close();
  });
});
