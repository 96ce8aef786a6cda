/**
 * An objection under examination at the request desk (/desk) in headless Chromium: the dpo reads
 * its status in words, refuses it with reasons, previewed first, and the request completes with
 * them (O36, V46). Real stack; screenshots go to test/artifacts/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { demoId } from '../common/demo/random';
import { buildDesk } from '../scripts/build-desk';
import { CHROMIUM, HAS_CHROMIUM, describeBrowser, launchChromium } from './helpers/browser';
import { rights, waitForStatus } from './helpers/rights';
import { eventually } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';

if (!HAS_CHROMIUM && !process.env.CI) console.warn(`objection-desk.browser.test: skipped, no Chromium at ${CHROMIUM}`);
const ARTIFACTS = path.join(__dirname, 'artifacts');

describeBrowser('an objection under examination at the desk', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await buildDesk();
    stack = await startStack({ subjects: 12 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('O36, V46: the desk shows UNDER_EXAMINATION in words and refuses the objection with the reasons given', async () => {
    const objected = await rights(stack, 'objectToProcessing', {
      subjectId: demoId('subject', 9),
      purpose: 'FRAUD_PREVENTION',
    });
    const id = objected.request!.id;
    await waitForStatus(stack, id, ['UNDER_EXAMINATION']);

    const page = await browser.newPage();
    await page.goto(`${new URL(stack.gatewayUrl).origin}/desk`);
    await page.locator('textarea[name=token]').fill(await stack.token({ roles: ['dpo'], sub: 'dpo-desk' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('[data-testid=open-requests] tr', { has: page.getByTestId(`open-${id}`) });
    await row.getByText('objection under examination').waitFor();
    await page.getByTestId(`open-${id}`).click();
    await expect(page.getByTestId('request-status').textContent()).resolves.toBe('objection under examination');
    // The generic actions do not apply: the dpo decides.
    expect(await page.getByTestId('reject').count()).toBe(0);

    const reasons = 'Payments from this account were disputed twice this year.';
    await page.getByTestId('refuse').click();
    await page.locator('form.action input[name=reason]').fill(reasons);
    await page.locator('form.action button[type=submit]').click();
    await expect(page.getByTestId('will-do').textContent()).resolves.toMatch(/refuse objection .*lifted/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-objection-refuse.png'), fullPage: true });
    await page.getByTestId('confirm').click();
    // The button goes as soon as the action runs; the decision's legs may take a moment more.
    await page.getByTestId('refuse').waitFor({ state: 'detached' });
    const read = async () =>
      (
        await stack.query<{
          dataSubjectRequest: { status: string; objectionDecision: string; decisionReasons: string };
        }>('query($id: ID!) { dataSubjectRequest(id: $id) { status objectionDecision decisionReasons } }', { id })
      ).data!.dataSubjectRequest;
    const after = await eventually(async () => {
      const r = await read();
      return r.status === 'COMPLETED' ? r : undefined;
    }, 'the objection decided');
    expect(after).toEqual({ status: 'COMPLETED', objectionDecision: 'REFUSED', decisionReasons: reasons });
    await page.close();
  });
});
