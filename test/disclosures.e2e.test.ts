import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { openPackage, unzip, type Obj } from './helpers/access-package';
import { setEnv } from './helpers/env';
import { waitForStatus } from './helpers/rights';
import { startStack, type As, type Stack } from './helpers/stack';

const ENV: Record<string, string | undefined> = {
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_RETRY_MAX_MS: '1000',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

const VALID = {
  authority: 'Tribunal judiciaire de Dijon',
  legalBasis: 'Art. 60-1 du code de procédure pénale',
  reference: 'RQ-2026-0412',
  categories: ['IDENTITY', 'BILLING'],
  tellSubject: true,
};

interface Message {
  kind: string;
  recipient: string;
  subjectLine: string;
  body: string;
}

describe('disclosures to authorities (O27, V34): recorded, only what is named, the subject told where the law allows', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const record = (input: Record<string, unknown>, as?: As) =>
    stack.query<{ recordDisclosure: { id: string; type: string; status: string } }>(
      'mutation($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { id type status } }',
      { input },
      as,
    );
  const requestsOf = async (subjectId: string) => {
    const res = await stack.query<{ dataSubjectRequests: { nodes: Array<{ id: string; type: string }> } }>(
      'query($s: ID) { dataSubjectRequests(filter: { subjectId: $s }, first: 50) { nodes { id type } } }',
      { s: subjectId },
    );
    return res.data!.dataSubjectRequests.nodes;
  };
  const messagesOf = async (subjectId: string) => {
    const res = await stack.query<{ outboxMessages: { nodes: Message[] } }>(
      'query($s: ID) { outboxMessages(filter: { subjectId: $s }, first: 50) { nodes { kind recipient subjectLine body } } }',
      { s: subjectId },
    );
    return res.data!.outboxMessages.nodes;
  };
  const packageRecords = async (subjectId: string): Promise<Obj> => {
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId } },
      { role: 'subject', subjectId },
    );
    const id = res.data!.requestExport.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    const token = await stack.token({ roles: ['subject'], subjectId });
    const got = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = Buffer.from(await got.arrayBuffer());
    const pkg = openPackage(body, await unzip(body));
    return JSON.parse(pkg.files.get('records.json')!.toString('utf8')) as Obj;
  };

  it('O27, V34: a disclosure without basis or reference, of an unknown category, or kept from the subject without a reason is refused and records nothing', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const before = await requestsOf(subjectId);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...VALID, legalBasis: '' }, 'input.legalBasis'],
      [{ ...VALID, reference: '   ' }, 'input.reference'],
      [{ ...VALID, categories: ['IDENTITY', 'SHOE_SIZE'] }, 'input.categories'],
      [{ ...VALID, categories: [] }, 'input.categories'],
      [{ ...VALID, tellSubject: false }, 'input.reasonNotTold'],
    ];
    for (const [input, argument] of cases) {
      const res = await record({ ...input, subjectId });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: argument });
      expect(JSON.stringify(res.errors)).not.toMatch(/SELECT|INSERT|at .*\.ts/);
    }
    const support = await record({ ...VALID, subjectId }, { role: 'support' });
    expect(support.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await requestsOf(subjectId)).toEqual(before);
  });

  it('O27, V34: a disclosure is recorded as a ledger request, the subject told by mail of exactly the categories named, and it is in their package', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const res = await record({ ...VALID, subjectId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordDisclosure.type).toBe('DISCLOSURE');
    const done = await waitForStatus(stack, res.data!.recordDisclosure.id, ['COMPLETED']);
    expect(done.status).toBe('COMPLETED');

    const told = (await messagesOf(subjectId)).filter((m) => m.kind === 'DISCLOSURE_MADE');
    expect(told).toHaveLength(1);
    expect(told[0].recipient).toBe('elodie.dupre-noel@example.fr');
    expect(told[0].subjectLine).toBe('Communication de vos données à une autorité');
    expect(told[0].body).toContain('Tribunal judiciaire de Dijon');
    expect(told[0].body).toContain('Art. 60-1 du code de procédure pénale');
    expect(told[0].body).toContain(
      'nous avons communiqué ces catégories de vos données, et elles seules : facturation, identité.',
    );

    const records = await packageRecords(subjectId);
    expect(records.disclosures).toEqual([
      {
        at: expect.any(String),
        authority: 'Tribunal judiciaire de Dijon',
        legalBasis: 'Art. 60-1 du code de procédure pénale',
        reference: 'RQ-2026-0412',
        categories: ['BILLING', 'IDENTITY'],
      },
    ]);
  });

  it('O27, V34: a disclosure the law forbids telling is recorded with its reason, sends no mail, and is not in the subject’s package or list of requests', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const res = await record({
      ...VALID,
      subjectId,
      reference: 'RQ-SECRET-7',
      tellSubject: false,
      reasonNotTold: 'Secret de l’instruction (art. 11 CPP)',
    });
    expect(res.errors).toBeUndefined();
    const id = res.data!.recordDisclosure.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    // The dpo sees it, with why the subject was not told.
    expect((await requestsOf(subjectId)).map((r) => r.id)).toContain(id);
    expect((await messagesOf(subjectId)).filter((m) => m.kind === 'DISCLOSURE_MADE')).toEqual([]);
    // The subject does not.
    const own = await stack.query<{ subject: { requests: Array<{ id: string }> } }>(
      'query($id: ID!) { subject(id: $id) { requests { id } } }',
      { id: subjectId },
      { role: 'subject', subjectId },
    );
    expect(own.data!.subject.requests.map((r) => r.id)).not.toContain(id);
    const records = await packageRecords(subjectId);
    expect(records.disclosures).toEqual([]);
    expect(JSON.stringify(records)).not.toContain('RQ-SECRET-7');
  });
});
