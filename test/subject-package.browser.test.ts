import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, HAS_CHROMIUM, describeBrowser, launchChromium } from './helpers/browser';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { secretKey } from '../common/internal-token';
import { SESSION_COOKIE } from '../common/package-link';
import { verifyManifest } from '../schema/access-package';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { linkKey, signLink } from '../subgraphs/requests/access-package/package.link';
import { openPackage, unzip } from './helpers/access-package';
import { setEnv } from './helpers/env';
import { schemaNames } from './helpers/schema-names';
import { sweepAndWait } from './helpers/retention';
import { waitForStatus } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';

const ARTIFACTS = path.join(__dirname, 'artifacts', 'subject-package');
if (!HAS_CHROMIUM) process.stderr.write(`subject-package browser test skipped: no Chromium at ${CHROMIUM}\n`);

const ENV: Record<string, string | undefined> = {
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
  PACKAGE_LINK_MODE: undefined,
};

/** What a person sees of a page: its status, its type, its visible text. */
async function seen(page: Page, url: string) {
  const res = await page.goto(url);
  return {
    status: res?.status(),
    type: res?.headers()['content-type'],
    text: await page.locator('body').innerText(),
  };
}

/** A page a subject gets is never JSON and never a stack trace. */
function expectHumanPage(text: string): void {
  expect(() => JSON.parse(text) as unknown).toThrow();
  expect(text).not.toMatch(/\bat .*\.js:\d+|Error:|npm run|UNAUTHENTICATED|FORBIDDEN|"errors"/);
}

describeBrowser('the subject’s side in headless Chromium: the mail’s link, the download, the package page', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let browser: Browser;
  let restoreEnv: () => void;
  let origin: string;
  const subjectId = demoId('subject', FEATURED_INDEX.golden);
  const otherId = demoId('subject', FEATURED_INDEX.rtl);
  let requestId: string;
  let zip: Buffer;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 12 });
    origin = new URL(stack.gatewayUrl).origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await inbox.stop();
    restoreEnv?.();
  });

  /** The link of the "your data is ready" mail, on this test's gateway (PUBLIC_URL would be the proxy's). */
  const linkFromMail = async (address: string, id: string): Promise<string> => {
    const mail = await eventually(
      () => inbox.to(address).find((m) => (m.text ?? '').includes(`/packages/${id}`)),
      'the package-ready mail',
    );
    // The mail says the link works once (its text is the mail templates'; the link is ours).
    expect(mail.text).toContain('Ce lien ne sert qu’une fois');
    const found = /https?:\/\/\S+\/packages\/\S+/.exec(mail.text ?? '');
    expect(found).not.toBeNull();
    const url = new URL(found![0]);
    return `${origin}${url.pathname}${url.search}`;
  };
  const newContext = (): Promise<BrowserContext> => browser.newContext({ acceptDownloads: true, locale: 'fr-FR' });

  it('O9, V8: the mail’s link opens a page in the subject’s language whose button downloads the package once; the second use, an expired link, a tampered link and another subject’s session get a page that says what to do, never JSON', async () => {
    const requested = await stack.query<{ requestExport: { id: string } }>(
      'mutation($s: ID!) { requestExport(input: { subjectId: $s }) { id } }',
      { s: subjectId },
      { role: 'subject', subjectId },
    );
    expect(requested.errors).toBeUndefined();
    requestId = requested.data!.requestExport.id;
    await waitForStatus(stack, requestId, ['COMPLETED']);
    const profile = await stack.query<{ subject: { email: string } }>(
      'query($id: ID!) { subject(id: $id) { email } }',
      {
        id: subjectId,
      },
    );
    const link = await linkFromMail(profile.data!.subject.email, requestId);
    expect(link).toMatch(new RegExp(`/packages/${requestId}\\?k=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));

    const context = await newContext();
    const page = await context.newPage();
    const first = await seen(page, link);
    expect([first.status, first.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(first.text).toContain('Vos données sont prêtes');
    expect(first.text).toContain('Your data is ready');
    expect(first.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'link-ready.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);
    const saved = path.join(ARTIFACTS, 'package.zip');
    await download.saveAs(saved);
    zip = fs.readFileSync(saved);
    const pkg = openPackage(zip, await unzip(zip));
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    expect(pkg.manifest).toMatchObject({ subjectId, requestId });

    // The same link again: used up.
    const again = await seen(page, link);
    expect([again.status, again.type]).toEqual([410, 'text/html; charset=utf-8']);
    expect(again.text).toContain('Ce lien a déjà servi');
    expect(again.text).toContain('This link has already been used');
    expect(again.text).toMatch(/support@ophelantyra\.com/);
    expectHumanPage(again.text);
    await page.screenshot({ path: path.join(ARTIFACTS, 'link-used.png') });

    // A link issued 80 hours ago (the clock moved, not waited for): expired after 72.
    const key = linkKey(secretKey(stack.secrets.internal, 'test'));
    const row = await stack.subgraphs.requests.server.db.dataSource
      .getRepository(RightsRequestEntity)
      .findOneByOrFail({ id: requestId });
    const old = await signLink(
      key,
      { requestId, language: 'fr' },
      new Date(Date.now() - 80 * 3600_000),
      72,
      row.packageExpiresAt!,
    );
    const expired = await seen(page, `${origin}/packages/${requestId}?k=${old}`);
    expect([expired.status, expired.text]).toEqual([410, expect.stringContaining('Ce lien a expiré')]);
    expectHumanPage(expired.text);

    // A fresh link with its signature changed: not valid.
    const fresh = await signLink(key, { requestId, language: 'fr' }, new Date(), 72, row.packageExpiresAt!);
    const tampered = `${fresh.slice(0, -4)}${fresh.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const bad = await seen(page, `${origin}/packages/${requestId}?k=${tampered}`);
    expect([bad.status, bad.text]).toEqual([400, expect.stringContaining('Ce lien n’est pas valide')]);
    expectHumanPage(bad.text);
    await context.close();

    // The fresh link in a browser where another subject is signed in: not theirs; nothing of either person shown.
    const theirs = await newContext();
    await theirs.addCookies([
      {
        name: SESSION_COOKIE,
        value: await stack.token({ roles: ['subject'], subjectId: otherId }),
        url: origin,
      },
    ]);
    const other = await theirs.newPage();
    const notYours = await seen(other, `${origin}/packages/${requestId}?k=${fresh}`);
    expect([notYours.status, notYours.text]).toEqual([403, expect.stringContaining('destiné à une autre personne')]);
    expect(notYours.text).not.toMatch(/Élodie|Dupré|@example|[0-9a-f]{8}-[0-9a-f]{4}-/i);
    expectHumanPage(notYours.text);
    await other.screenshot({ path: path.join(ARTIFACTS, 'link-not-yours.png') });
    await theirs.close();

    // The fresh link, unused, still works for its subject (the refusals used nothing up).
    const ok = await newContext();
    expect((await seen(await ok.newPage(), `${origin}/packages/${requestId}?k=${fresh}`)).status).toBe(200);
    await ok.close();
  });

  it('bad input at the browser routes (an id that is no id, a form too large, a body that is not the form) gets a page, nothing changed, never JSON or a stack', async () => {
    const html = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      text: await res.text(),
    });
    const bad = await html(await fetch(`${origin}/packages/%3Cscript%3E?k=x`));
    expect([bad.status, bad.type]).toEqual([400, 'text/html; charset=utf-8']);
    expect(bad.text).not.toContain('<script>');
    const big = await html(
      await fetch(`${origin}/packages/${requestId}/download`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `k=${'a'.repeat(40_000)}`,
      }),
    );
    expect([big.status, big.type]).toEqual([400, 'text/html; charset=utf-8']);
    const json = await html(
      await fetch(`${origin}/packages/${requestId}/download`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ k: 'x' }),
      }),
    );
    expect([json.status, json.type]).toEqual([400, 'text/html; charset=utf-8']);
    for (const page of [bad, big, json]) {
      expect(page.text).not.toMatch(/at .*\.js:\d+|PayloadTooLarge|SyntaxError|"errors"/);
      expect(page.text).toContain('lien');
    }
    // Nothing was used up by them: only the one download of the first test.
    const uses = await stack.subgraphs.requests.server.db.dataSource.query<unknown[]>(
      'SELECT jti FROM package_link_use WHERE request_id = ?',
      [requestId],
    );
    expect(uses).toHaveLength(1);
  });

  it('O8, V11: the package page, in French and in English, starts with a summary, folds its data, and shows no field name, no ISO timestamp and no enum constant of the schema', async () => {
    expect(zip).toBeDefined();
    const dir = path.join(ARTIFACTS, 'package');
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, content] of await unzip(zip)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const names = schemaNames();
    const index = pathToFileURL(path.join(dir, 'index.html')).href;
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const heights: Record<string, number> = {};
    for (const lang of ['fr', 'en'] as const) {
      const page = await context.newPage();
      await page.goto(lang === 'fr' ? index : `${index}#en`);
      // The first screen: the summary, whole, in this language.
      const summary = page.locator(`#summary-${lang}`);
      const box = await summary.boundingBox();
      expect(box).not.toBeNull();
      expect([lang, box!.y >= 0 && box!.y + box!.height <= 800]).toEqual([lang, true]);
      const firstScreen = await summary.innerText();
      expect(firstScreen).toContain(lang === 'fr' ? 'En bref' : 'In short');
      expect(firstScreen).toContain(lang === 'fr' ? 'La facturation' : 'Billing');
      expect(firstScreen).toMatch(/support@ophelantyra\.com/);
      expect(firstScreen).toMatch(/CNIL/);
      await page.screenshot({ path: path.join(ARTIFACTS, `package-${lang}.png`) });
      heights[lang] = await page.evaluate(() => document.documentElement.scrollHeight);

      // Everything unfolded: still nothing a developer wrote for a developer.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const text = await page.locator('body').innerText();
      expect(text).toContain('Élodie Dupré-Noël');
      expect(text).toContain(lang === 'fr' ? 'prélèvement SEPA' : 'SEPA direct debit');
      const camel = [...names.fields].filter((n) => /[a-z][A-Z]/.test(n) && new RegExp(`\\b${n}\\b`).test(text));
      expect([lang, camel]).toEqual([lang, []]);
      const headings = await page.locator('.lang:visible :is(th, dt, summary, h2, h3)').allInnerTexts();
      expect(headings.length).toBeGreaterThan(100);
      expect([lang, headings.filter((h) => names.fields.has(h.trim()) || names.types.has(h.trim()))]).toEqual([
        lang,
        [],
      ]);
      expect([lang, text.match(/\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?/g) ?? []]).toEqual([lang, []]);
      const constants = (text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b/g) ?? []).filter((t) => names.enumValues.has(t));
      expect([lang, [...new Set(constants)]]).toEqual([lang, []]);
      await page.screenshot({ path: path.join(ARTIFACTS, `package-${lang}-unfolded.png`), fullPage: true });
    }
    // Folded, the page is a few screens, not 31,000 px.
    process.stdout.write(`package page height, folded: ${JSON.stringify(heights)} px\n`);
    expect(heights.fr).toBeLessThan(4000);
    expect(heights.en).toBeLessThan(4000);
    await context.close();
  });
  it('V8: once the sweep deletes the expired package, its used links go with it and a still-valid link says the file is no longer available', async () => {
    const ds = stack.subgraphs.requests.server.db.dataSource;
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await ds
      .getRepository(RightsRequestEntity)
      .update({ id: requestId }, { packageExpiresAt: new Date(today.getTime() - 3 * 86_400_000) });
    await sweepAndWait(stack, today.toISOString().slice(0, 10));
    const row = await ds.getRepository(RightsRequestEntity).findOneByOrFail({ id: requestId });
    expect(row.packageDeletedAt).not.toBeNull();
    expect(await ds.query<unknown[]>('SELECT jti FROM package_link_use WHERE request_id = ?', [requestId])).toEqual([]);
    const key = linkKey(secretKey(stack.secrets.internal, 'test'));
    const link = await signLink(key, { requestId, language: 'en' }, new Date(), 72, new Date(Date.now() + 3600_000));
    const context = await newContext();
    const gone = await seen(await context.newPage(), `${origin}/packages/${requestId}?k=${link}`);
    expect([gone.status, gone.text]).toEqual([410, expect.stringContaining('Ce fichier n’est plus disponible')]);
    expectHumanPage(gone.text);
    await context.close();
  });
});

describeBrowser('PACKAGE_LINK_MODE=signin: the organisation’s sign-in instead of the signed link', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let browser: Browser;
  let restoreEnv: () => void;
  const subjectId = demoId('subject', FEATURED_INDEX.golden);

  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({
      ...ENV,
      SMTP_URL: inbox.url,
      PACKAGE_LINK_MODE: 'signin',
      PACKAGE_SIGNIN_URL: 'https://example.org/login',
    });
    stack = await startStack({ subjects: 12 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await inbox.stop();
    restoreEnv?.();
  });

  it('O9, V8: the mail’s plain link asks a browser to sign in; signed in as the subject it downloads, as someone else it is refused with a page', async () => {
    const origin = new URL(stack.gatewayUrl).origin;
    const requested = await stack.query<{ requestExport: { id: string } }>(
      'mutation($s: ID!) { requestExport(input: { subjectId: $s }) { id } }',
      { s: subjectId },
      { role: 'subject', subjectId },
    );
    const id = requested.data!.requestExport.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    const mail = await eventually(
      () => inbox.messages.find((m) => (m.text ?? '').includes(`/packages/${id}`)),
      'the package-ready mail',
    );
    expect(mail.text).not.toContain('?k=');
    expect(mail.text).not.toContain('ne sert qu’une fois');
    const link = `${origin}/packages/${id}`;

    const anonymous = await browser.newContext();
    const signIn = await seen(await anonymous.newPage(), link);
    expect([signIn.status, signIn.text]).toEqual([401, expect.stringContaining('Connectez-vous')]);
    expect(signIn.text).toContain('https://example.org/login');
    expectHumanPage(signIn.text);
    await anonymous.close();

    const signedInAs = async (who: string) => {
      const context = await browser.newContext({ acceptDownloads: true });
      await context.addCookies([
        { name: SESSION_COOKIE, value: await stack.token({ roles: ['subject'], subjectId: who }), url: origin },
      ]);
      return context;
    };
    const other = await signedInAs(demoId('subject', FEATURED_INDEX.rtl));
    const refused = await seen(await other.newPage(), link);
    expect([refused.status, refused.text]).toEqual([403, expect.stringContaining('destiné à une autre personne')]);
    await other.close();

    const own = await signedInAs(subjectId);
    const page = await own.newPage();
    expect((await seen(page, link)).status).toBe(200);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);
    const file = path.join(ARTIFACTS, 'package-signin.zip');
    await download.saveAs(file);
    const pkg = openPackage(fs.readFileSync(file), await unzip(fs.readFileSync(file)));
    expect(pkg.manifest).toMatchObject({ subjectId, requestId: id });
    // The sign-in protects it: no single use.
    expect((await seen(page, link)).status).toBe(200);
    await own.close();
  });
});
