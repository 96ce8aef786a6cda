import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { unzip } from './helpers/access-package';
import { setEnv } from './helpers/env';
import { waitForStatus } from './helpers/rights';
import { db, snapshot } from './helpers/snapshot';
import { startStack, type As, type Stack } from './helpers/stack';

const ENV: Record<string, string | undefined> = {
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

const MINOR = demoId('subject', 3); // 15 in the demo population
const MANY = demoId('subject', 1); // rectified, restricted, lifted, objected, consented, then exported
const ERASED = demoId('subject', 2);
const CLOSED = demoId('subject', 4);
const SELF = demoId('subject', 5);

/** Every request type a dpo enters: the mutation, its input without identity, the type it records. */
const DPO_REQUESTS: Array<[string, Record<string, unknown>, string]> = [
  ['rectifySubject', { subjectId: MANY, changes: { fullName: 'Ida Verified' } }, 'RECTIFICATION'],
  ['restrictProcessing', { subjectId: MANY, scope: 'RESEARCH', reason: 'Art. 18(1)(a)' }, 'RESTRICTION'],
  ['liftRestriction', { subjectId: MANY, scope: 'RESEARCH' }, 'LIFT_RESTRICTION'],
  ['objectToProcessing', { subjectId: MANY, purpose: 'MARKETING' }, 'OBJECTION'],
  ['setConsent', { subjectId: MANY, purpose: 'RESEARCH', granted: true }, 'CONSENT'],
  ['requestExport', { subjectId: MANY }, 'ACCESS'],
  ['requestExport', { subjectId: MANY, portable: true }, 'PORTABILITY'],
  ['eraseSubject', { subjectId: ERASED }, 'ERASURE'],
  ['closeAccount', { subjectId: CLOSED }, 'CLOSURE'],
  [
    'recordParentalConsent',
    { subjectId: MINOR, guardianName: 'Parent Verified', givenOn: '2026-01-05', evidenceRef: 'form P-1' },
    'PARENTAL_CONSENT',
  ],
];

const FIELDS = 'id type status identityVerification { method evidenceRef verifiedBy }';
interface Recorded {
  id: string;
  type: string;
  status: string;
  identityVerification: { method: string; evidenceRef: string | null; verifiedBy: string } | null;
}

describe('identity on every request (O14, V27)', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const enter = async (mutation: string, input: Record<string, unknown>, as?: As) => {
    const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
    const res = await stack.query<{ r: Recorded }>(
      `mutation($input: ${type}!) { r: ${mutation}(input: $input) { ${FIELDS} } }`,
      { input },
      as,
    );
    return { errors: res.errors, request: res.data?.r };
  };
  const audit = async (requestId: string): Promise<Array<{ action: string; detail: Record<string, unknown> }>> => {
    const rows = await db(stack, 'requests').query<Array<{ action: string; detail: string }>>(
      'SELECT action, detail FROM audit_event WHERE request_id = ? ORDER BY seq',
      [requestId],
    );
    return rows.map((r) => ({ action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  };

  it('O14, V27: every request type a dpo enters without saying how the identity was verified is refused (BAD_USER_INPUT) and records nothing', async () => {
    const before = await snapshot(stack, ['access_log']);
    for (const [mutation, input] of DPO_REQUESTS) {
      for (const given of [null, { method: 'PHONE' }, { method: 'SUBJECT_TOKEN', evidenceRef: 'x' }]) {
        const { errors, request } = await enter(mutation, { ...input, identityVerification: given });
        expect([mutation, request, errors?.map((e) => e.extensions?.code)]).toEqual([
          mutation,
          undefined,
          ['BAD_USER_INPUT'],
        ]);
        expect(errors?.[0].extensions?.argumentName).toMatch(/^input\.identityVerification/);
      }
    }
    expect(await snapshot(stack, ['access_log'])).toEqual(before);
  });

  it('O14, V27: with a method and an evidence reference, every type records them in the request, its audit row and the package', async () => {
    const recorded: Array<Recorded & { subjectId: unknown }> = [];
    for (const [i, [mutation, input, type]] of DPO_REQUESTS.entries()) {
      const identityVerification = { method: i % 2 ? 'IN_PERSON' : 'IDENTITY_DOCUMENT', evidenceRef: `case-${type}` };
      const { errors, request } = await enter(mutation, { ...input, identityVerification });
      expect([mutation, errors]).toEqual([mutation, undefined]);
      expect(request).toMatchObject({
        type,
        identityVerification: { ...identityVerification, verifiedBy: 'test-dpo' },
      });
      const received = (await audit(request!.id))[0];
      expect(received.detail.identityMethod).toBe(identityVerification.method);
      // The audit row says how, never the evidence itself.
      expect(JSON.stringify(received)).not.toContain(identityVerification.evidenceRef);
      recorded.push({ ...request!, subjectId: input.subjectId });
      // One at a time, so that the package below holds every request about MANY.
      if (request!.status !== 'COMPLETED') await waitForStatus(stack, request!.id, ['COMPLETED']);
    }

    // The access package of MANY (not the portable one: requests are not data the subject provided)
    // lists every request about them made before it, with its check.
    const access = recorded.find((r) => r.type === 'ACCESS')!;
    const token = await stack.token({ roles: ['subject'], subjectId: MANY });
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${access.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    const text = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    for (const r of recorded.filter((x) => x.subjectId === MANY && !['ACCESS', 'PORTABILITY'].includes(x.type))) {
      expect([r.type, text.includes(`case-${r.type}`)]).toEqual([r.type, true]);
    }
  });

  it("O14, V27: a subject's own request records SUBJECT_TOKEN whatever they pass, in the request and its audit row", async () => {
    const as: As = { role: 'subject', subjectId: SELF };
    const { errors, request } = await enter(
      'objectToProcessing',
      { subjectId: SELF, purpose: 'ANALYTICS', identityVerification: { method: 'IN_PERSON', evidenceRef: 'mine' } },
      as,
    );
    expect(errors).toBeUndefined();
    expect(request!.identityVerification).toEqual({
      method: 'SUBJECT_TOKEN',
      evidenceRef: null,
      verifiedBy: 'test-subject',
    });
    expect((await audit(request!.id))[0].detail.identityMethod).toBe('SUBJECT_TOKEN');
  });
});
