import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from './helpers/browser';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES } from '../policies';
import { readSupergraphSdl, supergraphSchema } from '../schema/supergraph';
import { exportSubject } from '../scripts/export';
import { buildPackage } from './helpers/access-package';
import { startStack, TEST_NOW, type Stack } from './helpers/stack';

// As test/playground.browser.e2e.test.ts: skipped without Chromium, except under CI.

describeBrowser('index.html of the access package in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
    browser = await launchChromium();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-page-'));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('O8, V11: opened from the unzipped package, shows the subject’s name and every category, loads nothing else, and is not blank', async () => {
    const exported = await exportSubject({
      gateway: stack.gatewayUrl,
      token: await stack.token({ roles: ['service'], sub: 'export-tool' }),
      policy: POLICIES.ophelantyra,
      id: demoId('subject', FEATURED_INDEX.golden),
      now: TEST_NOW,
    });
    const supergraphSdl = readSupergraphSdl();
    const pkg = await buildPackage(exported, {
      schema: supergraphSchema(supergraphSdl),
      supergraphSdl,
      policy: POLICIES.ophelantyra,
      portable: false,
      madeAt: TEST_NOW,
    });
    for (const [name, content] of pkg.files) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const index = pathToFileURL(path.join(dir, 'index.html')).href;
    await page.goto(index);

    await expect(page.locator('#fr .subject-name').innerText()).resolves.toBe('Élodie Dupré-Noël');
    // The subject's language (fr) shows; each category folded, under its words.
    const headings = await page.locator('#fr details.category summary h2').allInnerTexts();
    expect(headings).toEqual(pkg.processing.categories.map((c) => c.label.fr));
    expect(headings).toEqual(expect.arrayContaining(['Identité', 'Facturation']));
    for (const h of ['Identité', 'Mentorat', 'Documents partagés'])
      expect([h, await page.getByRole('heading', { name: h, exact: true }).isVisible()]).toEqual([h, true]);
    // What each is used for, in the language shown; the other one a link away.
    await page.locator('#category-fr-CONTACT > summary').click();
    const contact = await page.locator('#category-fr-CONTACT').innerText();
    expect(contact).toMatch(/Nous nous en servons pour .*fournir le service/);
    expect(contact).toContain('elodie.dupre-noel@example.fr');
    await page.getByRole('link', { name: 'English' }).first().click();
    await page.locator('#category-en-CONTACT > summary').click();
    expect(await page.locator('#category-en-CONTACT').innerText()).toMatch(/We use it for .*providing the service/);
    expect(await page.locator('#fr').isVisible()).toBe(false);
    await page.goto(index);
    expect(requested.every((u) => u.startsWith(index))).toBe(true);

    // A screenshot a person would see: drawn, not blank (counted by Chromium itself on a canvas).
    const shot = await page.screenshot({ fullPage: false });
    const blank = await browser.newPage();
    const inked = await blank.evaluate(
      async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, img.width, img.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 384) dark++;
        return dark / (img.width * img.height);
      },
      `data:image/png;base64,${shot.toString('base64')}`,
    );
    expect(inked).toBeGreaterThan(0.01);
    expect(inked).toBeLessThan(0.6);
  });
});
