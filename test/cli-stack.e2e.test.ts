/**
 * The commands against a running stack: `export` labels the data with the policy the stack
 * applies and refuses a --policy that differs (exit 2, nothing written); `seed` refuses to
 * replace the data under a running stack (exit 2, nothing written) and, with --force, removes
 * the packages and mail files of the data it replaces.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { runScript } from './helpers/node-script';
import { startStack, type Stack } from './helpers/stack';

describe('commands against a running stack', () => {
  let stack: Stack;
  let dir: string;
  beforeAll(async () => {
    stack = await startStack({ subjects: 3, policy: POLICIES.veloraqenvi });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-cli-stack-'));
  });
  afterAll(async () => {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("export: a --policy other than the stack's is refused with exit 2 and no file; without it, the stack's is used", async () => {
    const env = { DSG_TOKEN: await stack.token({ roles: ['service'] }), POLICY: 'ophelantyra' };
    const id = demoId('subject', 0);
    const wrong = path.join(dir, 'wrong.json');
    const refused = await runScript(
      'export',
      ['--gateway', stack.gatewayUrl, '--id', id, '--policy', 'ophelantyra', '--out', wrong],
      env,
    );
    expect([refused.status, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toContain(
      '--policy ophelantyra differs from the policy the running stack applies (veloraqenvi)',
    );
    expect(fs.existsSync(wrong)).toBe(false);

    const right = path.join(dir, 'sub', 'right.json');
    const done = await runScript('export', ['--gateway', stack.gatewayUrl, '--id', id, '--out', right], env);
    expect([done.status, done.stderr]).toEqual([0, expect.stringContaining('under the veloraqenvi policy')]);
    expect(JSON.parse(fs.readFileSync(right, 'utf8'))).toMatchObject({ subjectId: id });
  });

  it('seed: refused while a stack answers on its ports (exit 2, nothing written); --force replaces the data and removes packages and mail', async () => {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const data = path.join(dir, 'data');
    fs.mkdirSync(path.join(data, 'packages'), { recursive: true });
    fs.mkdirSync(path.join(data, 'mail'), { recursive: true });
    fs.writeFileSync(path.join(data, 'packages', 'old.zip'), 'old package');
    fs.writeFileSync(path.join(data, 'mail', 'old.eml'), 'old mail');
    const env = { DATA_DIR: data, DB: 'sqlite', PORT: String(port) };
    try {
      const refused = await runScript('seed', ['--subjects', '2'], env);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/a stack is running \(port .*\d+.*answers\): stop it first .*or add --force/);
      expect(fs.readdirSync(data).sort()).toEqual(['mail', 'packages']);
      expect(fs.existsSync(path.join(data, 'packages', 'old.zip'))).toBe(true);

      const forced = await runScript('seed', ['--subjects', '2', '--force'], env);
      expect([forced.status, forced.stderr]).toEqual([0, '']);
      expect(fs.existsSync(path.join(data, 'profile.sqlite'))).toBe(true);
      expect(fs.existsSync(path.join(data, 'packages'))).toBe(false);
      expect(fs.existsSync(path.join(data, 'mail'))).toBe(false);
    } finally {
      listener.close();
    }
  });
});
