import { randomUUID } from 'node:crypto';
import { adultBornBy } from '../subgraphs/profile/minors';
import type { InternalRole } from '../common/access';
import { FEATURED, FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { secretKey, signInternalToken } from '../common/internal-token';
import { CONSENT_PURPOSES, ConsentEventEntity } from '../subgraphs/profile/entities/consent-event.entity';
import { SubjectEntity } from '../subgraphs/profile/entities/subject.entity';
import { ProcessingRestrictionEntity } from '../common/privacy-contract';
import { ophelantyra } from '../policies/ophelantyra';
import { exportQuery, supergraphSchema } from '../schema/supergraph';
import { postGraphQL, startStack, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * The profile's side of the privacy contract (issue: "erasure: the profile keeps only a
 * tombstone"), over real HTTP and a real database: the requests service's calls go to the
 * profile subgraph directly, with the internal token it signs; what the subject then looks like
 * is read through the gateway where the committed supergraph has the fields, and from the
 * subgraph (as a dpo) for the fields it does not have until it is recomposed.
 */

interface EntityCounts {
  entity: string;
  deleted: number;
  anonymised: number;
  updated: number;
  retained: unknown[];
}
interface Receipt {
  subgraph: string;
  operation: string;
  requestId: string;
  outcome: string;
  at: string;
  entities: EntityCounts[];
  recipients: string[];
}

const RECEIPT =
  'subgraph operation requestId outcome at entities { entity deleted anonymised updated retained { id ground until untilEvent } } recipients';
const ERASE = `mutation($s: ID!, $r: ID!, $d: Boolean!) { privacyErase(subjectId: $s, requestId: $r, dryRun: $d) { ${RECEIPT} } }`;
const RECTIFY = `mutation($s: ID!, $r: ID!, $c: RectificationChanges!) { privacyRectify(subjectId: $s, requestId: $r, changes: $c) { ${RECEIPT} } }`;
const RESTRICT = `mutation($s: ID!, $r: ID!, $k: RestrictionKind!, $sc: RestrictionScope!) { privacyRestrict(subjectId: $s, requestId: $r, kind: $k, scope: $sc) { ${RECEIPT} } }`;
const LIFT = `mutation($s: ID!, $r: ID!, $sc: RestrictionScope!) { privacyLift(subjectId: $s, requestId: $r, scope: $sc) { ${RECEIPT} } }`;
const CONSENT = `mutation($s: ID!, $r: ID!, $p: ConsentPurpose!, $g: Boolean!) { privacyConsent(subjectId: $s, requestId: $r, purpose: $p, granted: $g) { ${RECEIPT} } }`;
const STATUS = 'query($s: ID!) { privacySubjectStatus(subjectId: $s) }';
const AUDIENCE =
  'query($p: ConsentPurpose!, $l: Int, $a: ID) { processingAudience(purpose: $p, limit: $l, after: $a) }';
/** What only the profile subgraph serves until the supergraph is recomposed. */
const TOMBSTONE_FIELDS =
  'query($id: ID!) { subject(id: $id) { id status createdAt erasedAt erasureRequestId fullName email phone birthDate locale lastLoginAt consents { purpose } professional { sector } processingRestrictions { kind scope } } }';
/** The profile as the committed supergraph has it. */
const PROFILE =
  'query($id: ID!) { subject(id: $id) { id status createdAt fullName email phone birthDate locale lastLoginAt consents { purpose granted } professional { sector } financialSituation { incomeBand } sponsorship { employerName } communicationPreferences { preferredChannel } } }';

const codes = (res: GraphQLResponse<unknown>): unknown[] => (res.errors ?? []).map((e) => e.extensions?.code);

/** The same receipt but for the moment and the outcome: what a dry run must predict. */
const shape = (r: Receipt | undefined) => ({
  subgraph: r?.subgraph,
  operation: r?.operation,
  entities: r?.entities,
  recipients: r?.recipients,
});

const counts = (entity: string, c: Partial<Omit<EntityCounts, 'entity' | 'retained'>> = {}): EntityCounts => ({
  entity,
  deleted: 0,
  anonymised: 0,
  updated: 0,
  retained: [],
  ...c,
});

describe('profile: the privacy contract', () => {
  let stack: Stack;
  let profileUrl = '';

  /** A call as the requests service makes it: its own identity, addressed to the profile. */
  async function asService<T>(
    role: InternalRole,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const token = await signInternalToken(secretKey(stack.secrets.internal, 'x'), 'profile', {
      principal: { sub: `${role}-caller`, roles: [role] },
      requestId: randomUUID(),
    });
    return postGraphQL<T>(profileUrl, query, variables, { authorization: `Bearer ${token}` });
  }
  const asRequests = <T>(query: string, variables: Record<string, unknown>) =>
    asService<T>('requests', query, variables);

  async function receipt(query: string, variables: Record<string, unknown>, field: string): Promise<Receipt> {
    const res = await asRequests<Record<string, Receipt>>(query, variables);
    expect(res.errors).toBeUndefined();
    const r = res.data?.[field];
    if (!r) throw new Error(`no receipt from ${field}`);
    return r;
  }
  const erase = (s: string, r: string, d = false) => receipt(ERASE, { s, r, d }, 'privacyErase');
  const rectify = (s: string, c: Record<string, string>) =>
    receipt(RECTIFY, { s, r: randomUUID(), c }, 'privacyRectify');
  const restrict = (s: string, k: string, sc: string) =>
    receipt(RESTRICT, { s, r: randomUUID(), k, sc }, 'privacyRestrict');
  const lift = (s: string, sc: string) => receipt(LIFT, { s, r: randomUUID(), sc }, 'privacyLift');
  const consent = (s: string, p: string, g: boolean) =>
    receipt(CONSENT, { s, r: randomUUID(), p, g }, 'privacyConsent');

  async function audience(purpose: string): Promise<string[]> {
    const res = await asService<{ processingAudience: string[] }>('dpo', AUDIENCE, { p: purpose, l: 1000 });
    expect(res.errors).toBeUndefined();
    return res.data?.processingAudience ?? [];
  }
  async function audiences(): Promise<Record<string, string[]>> {
    return Object.fromEntries(await Promise.all(CONSENT_PURPOSES.map(async (p) => [p, await audience(p)] as const)));
  }
  const memberships = async (subjectId: string) =>
    Object.fromEntries(Object.entries(await audiences()).map(([p, ids]) => [p, ids.includes(subjectId)]));

  const db = () => stack.subgraphs.profile.server.db.dataSource;
  /** Rows per table of one subject, straight from the database. */
  async function rowsOf(subjectId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of [
      'consent_event',
      'professional_context',
      'financial_situation',
      'employer_sponsorship',
      'communication_preference',
      'processing_restriction',
    ]) {
      const [row] = await db().query<Array<{ n: number | string }>>(
        `SELECT COUNT(*) AS n FROM ${table} WHERE subject_id = ?`,
        [subjectId],
      );
      out[table] = Number(row.n);
    }
    return out;
  }

  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: ophelantyra });
    profileUrl = `${stack.subgraphs.profile.listening.url}/graphql`;
  });
  afterAll(() => stack.stop());

  describe('erasure', () => {
    const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
    const requestId = randomUUID();
    let first: Receipt;

    it('deletes what the profile holds and says so, per kind of record, zeros included', async () => {
      await restrict(subjectId, 'RESTRICTION', 'RESEARCH');
      const before = await rowsOf(subjectId);
      expect(before).toEqual({
        consent_event: expect.any(Number),
        professional_context: 1,
        financial_situation: 1,
        employer_sponsorship: 1,
        communication_preference: 1,
        processing_restriction: 1,
      });
      expect(before.consent_event).toBeGreaterThanOrEqual(CONSENT_PURPOSES.length);

      first = await erase(subjectId, requestId);
      expect(first).toEqual({
        subgraph: 'profile',
        operation: 'erase',
        requestId,
        outcome: 'APPLIED',
        at: expect.any(String),
        entities: [
          counts('DataSubject', { anonymised: 1 }),
          counts('ConsentEvent', { deleted: before.consent_event }),
          counts('ProfessionalContext', { deleted: 1 }),
          counts('FinancialSituation', { deleted: 1 }),
          counts('EmployerSponsorship', { deleted: 1 }),
          counts('CommunicationPreferences', { deleted: 1 }),
          counts('ProcessingRestriction', { deleted: 1 }),
        ],
        // The employer sponsored this subject; the mentors saw the name.
        recipients: ['EMAIL_PROVIDER', 'EMPLOYER', 'HOSTING_PROVIDER', 'MENTOR'],
      });
      expect(await rowsOf(subjectId)).toEqual({
        consent_event: 0,
        professional_context: 0,
        financial_situation: 0,
        employer_sponsorship: 0,
        communication_preference: 0,
        processing_restriction: 0,
      });
    });

    it('leaves a tombstone: id, status ERASED, the dates and the request; no personal data', async () => {
      const seeded = await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId });
      expect(seeded).toEqual({
        id: subjectId,
        fullName: null,
        email: null,
        emailKey: null,
        phone: null,
        birthDate: null,
        locale: null,
        status: 'ERASED',
        createdAt: expect.any(Date),
        lastLoginAt: null,
        searchKey: null,
        erasedAt: new Date(first.at),
        erasureRequestId: requestId,
      });

      // Through the gateway: the fields the committed supergraph has.
      const viaGateway = await stack.query<{ subject: Record<string, unknown> }>(PROFILE, { id: subjectId });
      expect(viaGateway.errors).toBeUndefined();
      expect(viaGateway.data?.subject).toEqual({
        id: subjectId,
        status: 'ERASED',
        createdAt: seeded.createdAt.toISOString(),
        fullName: null,
        email: null,
        phone: null,
        birthDate: null,
        locale: null,
        lastLoginAt: null,
        consents: [],
        professional: null,
        financialSituation: null,
        sponsorship: null,
        communicationPreferences: null,
      });
      expect(JSON.stringify(viaGateway)).not.toContain(FEATURED[FEATURED_INDEX.oneEach].email);

      // The profile subgraph itself, as a dpo: the tombstone's own fields too.
      const direct = await asService<{ subject: Record<string, unknown> }>('dpo', TOMBSTONE_FIELDS, { id: subjectId });
      expect(direct.errors).toBeUndefined();
      expect(direct.data?.subject).toEqual({
        id: subjectId,
        status: 'ERASED',
        createdAt: seeded.createdAt.toISOString(),
        erasedAt: first.at,
        erasureRequestId: requestId,
        fullName: null,
        email: null,
        phone: null,
        birthDate: null,
        locale: null,
        lastLoginAt: null,
        consents: [],
        professional: null,
        processingRestrictions: [],
      });
    });

    it('is found by no search and no email lookup any more', async () => {
      const { fullName, email } = FEATURED[FEATURED_INDEX.oneEach];
      const byEmail = await stack.query<{ subjectByEmail: unknown }>(
        'query($e: String!) { subjectByEmail(email: $e) { id } }',
        { e: email },
      );
      expect(byEmail).toEqual({ data: { subjectByEmail: null } });
      const search = await stack.query<{ searchSubjects: Array<{ id: string }> }>(
        'query($t: String!) { searchSubjects(text: $t) { id } }',
        { t: fullName },
      );
      expect(search.errors).toBeUndefined();
      expect(search.data?.searchSubjects.map((s) => s.id)).not.toContain(subjectId);
    });

    it('answers a retry of the same request with the identical receipt, and changes nothing', async () => {
      const row = await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId });
      stack.resetCounters();
      expect(await erase(subjectId, requestId)).toEqual(first);
      expect(await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId })).toEqual(row);
      expect(await rowsOf(subjectId)).toEqual({
        consent_event: 0,
        professional_context: 0,
        financial_situation: 0,
        employer_sponsorship: 0,
        communication_preference: 0,
        processing_restriction: 0,
      });
    });

    it('answers another erasure request with SUBJECT_ERASED, and a later rectification changes nothing', async () => {
      const again = await erase(subjectId, randomUUID());
      expect(again).toMatchObject({ outcome: 'SUBJECT_ERASED', entities: [], recipients: [] });
      const late = await rectify(subjectId, { fullName: 'Someone Back' });
      expect(late).toMatchObject({ outcome: 'SUBJECT_ERASED', entities: [] });
      expect((await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId })).fullName).toBeNull();
    });

    it('costs the same statements for a subject with 50 records as for one with 1', async () => {
      const one = demoId('subject', 10);
      const fifty = demoId('subject', FEATURED_INDEX.fiftyEach);
      stack.resetCounters();
      await erase(one, randomUUID());
      const oneCost = stack.sqlCounts().profile;
      stack.resetCounters();
      const big = await erase(fifty, randomUUID());
      expect(big.entities.find((e) => e.entity === 'ConsentEvent')?.deleted).toBeGreaterThan(10);
      expect(stack.sqlCounts().profile).toBe(oneCost);
    });

    it('tells the requests service the status: ERASED, ACTIVE, or null for nobody', async () => {
      const status = async (s: string) => {
        const res = await asRequests<{ privacySubjectStatus: string | null }>(STATUS, { s });
        expect(res.errors).toBeUndefined();
        return res.data?.privacySubjectStatus;
      };
      expect(await status(subjectId)).toBe('ERASED');
      expect(await status(demoId('subject', 11))).toBe('ACTIVE');
      expect(await status(randomUUID())).toBeNull();
      const asDpo = await asService<{ privacySubjectStatus: string | null }>('dpo', STATUS, { s: subjectId });
      expect(codes(asDpo)).toEqual(['FORBIDDEN']);
    });

    it('is NOT_FOUND for a subject the profile does not know', async () => {
      const res = await asRequests(ERASE, { s: randomUUID(), r: randomUUID(), d: false });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(res.errors?.[0].message).toBe('No subject with this id.');
    });
  });

  describe('dry run', () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);

    it('gives the receipt the real erasure gives, and leaves the subject intact', async () => {
      const exportBefore = await stack.query(exportQuery(), { id: subjectId });
      expect(exportBefore.errors).toBeUndefined();
      const rowsBefore = await rowsOf(subjectId);
      const requestId = randomUUID();

      const dry = await erase(subjectId, requestId, true);
      expect(dry.outcome).toBe('DRY_RUN');
      expect(await stack.query(exportQuery(), { id: subjectId })).toEqual(exportBefore);
      expect(await rowsOf(subjectId)).toEqual(rowsBefore);
      expect((await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId })).status).toBe('ACTIVE');

      // The dry run recorded nothing: the same request id then runs for real.
      const real = await erase(subjectId, requestId);
      expect(real.outcome).toBe('APPLIED');
      expect(shape(dry)).toEqual(shape(real));
      expect(real.entities.find((e) => e.entity === 'ConsentEvent')?.deleted).toBe(rowsBefore.consent_event);
    });
  });

  describe('only the requests service may use the contract', () => {
    const subjectId = demoId('subject', FEATURED_INDEX.rtl);

    it('refuses a dpo calling privacyErase on the subgraph directly, and erases nothing', async () => {
      const before = await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId });
      for (const role of ['dpo', 'service', 'support'] as const) {
        const res = await asService<{ privacyErase: Receipt | null }>(role, ERASE, {
          s: subjectId,
          r: randomUUID(),
          d: false,
        });
        expect({ role, codes: codes(res), data: res.data ?? null }).toEqual({ role, codes: ['FORBIDDEN'], data: null });
      }
      expect(await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId })).toEqual(before);
    });

    it('is not in the public API: the gateway runs no privacyErase', async () => {
      const before = await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId });
      const res = await stack.query(ERASE, { s: subjectId, r: randomUUID(), d: false });
      // The API schema has no Mutation type (every contract mutation is @inaccessible). The
      // gateway answers with a generic error rather than a validation error: see the report.
      expect(res.data ?? null).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(await db().getRepository(SubjectEntity).findOneByOrFail({ id: subjectId })).toEqual(before);
    });
  });

  describe('rectification', () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const other = demoId('subject', FEATURED_INDEX.rtl);
    const newEmail = 'Zoe.Rectified@Example.ORG';

    it('writes name, email and phone; the gateway shows them and finds the new address', async () => {
      const r = await rectify(subjectId, {
        fullName: '  Zoé Rectifiée  ',
        email: ` ${newEmail} `,
        phone: '+33 6 12 34 56 78',
      });
      expect(r).toMatchObject({
        operation: 'rectify',
        outcome: 'APPLIED',
        entities: [counts('DataSubject', { updated: 1 })],
        recipients: ['EMAIL_PROVIDER', 'HOSTING_PROVIDER', 'MENTOR'],
      });

      const shown = await stack.query<{ subject: unknown }>(
        'query($id: ID!) { subject(id: $id) { fullName email phone status } }',
        { id: subjectId },
      );
      expect(shown).toEqual({
        data: { subject: { fullName: 'Zoé Rectifiée', email: newEmail, phone: '+33 6 12 34 56 78', status: 'ACTIVE' } },
      });

      const found = await stack.query<{ subjectByEmail: unknown }>(
        'query($e: String!) { subjectByEmail(email: $e) { id } }',
        { e: 'zoe.rectified@example.org' },
      );
      expect(found).toEqual({ data: { subjectByEmail: { id: subjectId } } });
      const old = await stack.query<{ subjectByEmail: unknown }>(
        'query($e: String!) { subjectByEmail(email: $e) { id } }',
        { e: FEATURED[FEATURED_INDEX.emojiCjk].email },
      );
      expect(old).toEqual({ data: { subjectByEmail: null } });
      // The search key follows the name, folded like the seed folds it.
      const searched = await stack.query<{ searchSubjects: unknown }>(
        'query { searchSubjects(text: "zoe rectifiee") { id } }',
      );
      expect(searched).toEqual({ data: { searchSubjects: [{ id: subjectId }] } });
    });

    it('tells only the recipients of what changed', async () => {
      expect((await rectify(subjectId, { phone: '+33 6 00 00 00 01' })).recipients).toEqual(['HOSTING_PROVIDER']);
      expect((await rectify(subjectId, { email: newEmail.toLowerCase() })).recipients).toEqual([
        'EMAIL_PROVIDER',
        'HOSTING_PROVIDER',
      ]);
    });

    it("refuses another subject's email with EMAIL_TAKEN, without repeating the address, and changes nothing", async () => {
      const before = await db().getRepository(SubjectEntity).findOneByOrFail({ id: other });
      const res = await asRequests(RECTIFY, {
        s: other,
        r: randomUUID(),
        c: { fullName: 'Not Applied', email: newEmail.toUpperCase() },
      });
      expect(codes(res)).toEqual(['EMAIL_TAKEN']);
      expect(JSON.stringify(res).toLowerCase()).not.toContain(newEmail.toLowerCase());
      expect(await db().getRepository(SubjectEntity).findOneByOrFail({ id: other })).toEqual(before);
    });

    it('is NOT_FOUND for a subject the profile does not know, and BAD_USER_INPUT for a bad phone', async () => {
      expect(
        codes(await asRequests(RECTIFY, { s: randomUUID(), r: randomUUID(), c: { phone: '+33 1 23 45 67 89' } })),
      ).toEqual(['NOT_FOUND']);
      expect(codes(await asRequests(RECTIFY, { s: other, r: randomUUID(), c: { phone: 'call me' } }))).toEqual([
        'BAD_USER_INPUT',
      ]);
    });
  });

  describe('processing audiences', () => {
    /** Subjects no other test here touches. */
    const subjectId = demoId('subject', 11);
    const ALL_IN = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, true]));

    it('holds exactly the subjects in use, unrestricted, with the consent each processing needs', async () => {
      await restrict(demoId('subject', FEATURED_INDEX.minor), 'OBJECTION', 'MARKETING');
      await restrict(demoId('subject', FEATURED_INDEX.disputedComplaint), 'RESTRICTION', 'ALL');
      const subjects = await db().getRepository(SubjectEntity).find();
      const events = await db()
        .getRepository(ConsentEventEntity)
        .find({ order: { recordedAt: 'ASC', id: 'ASC' } });
      const restrictions = await db().getRepository(ProcessingRestrictionEntity).find();
      for (const purpose of CONSENT_PURPOSES) {
        const latest = new Map<string, boolean>();
        for (const e of events) if (e.purpose === purpose) latest.set(e.subjectId, e.granted);
        const restricted = new Set(
          restrictions
            .filter((r) => r.liftedAt === null && (r.scope === purpose || r.scope === 'ALL'))
            .map((r) => r.subjectId),
        );
        const needsConsent = ophelantyra.consentRequiredFor.includes(purpose);
        const expected = subjects
          .filter((s) => (s.status === 'ACTIVE' || s.status === 'INACTIVE') && !restricted.has(s.id))
          // A minor is in no list (issue 11): born after today less the policy's minimum age.
          .filter((s) => s.birthDate === null || s.birthDate <= adultBornBy(ophelantyra, new Date()))
          .filter((s) => (needsConsent ? latest.get(s.id) === true : latest.get(s.id) !== false))
          .map((s) => s.id)
          .sort();
        expect({ purpose, ids: await audience(purpose) }).toEqual({ purpose, ids: expected });
      }
    });

    it('pages by id: pages of 1 make the whole list', async () => {
      const whole = await audience('ANALYTICS');
      const pages: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: GraphQLResponse<{ processingAudience: string[] }> = await asService('service', AUDIENCE, {
          p: 'ANALYTICS',
          l: 1,
          a: after,
        });
        expect(res.errors).toBeUndefined();
        const page = res.data?.processingAudience ?? [];
        if (page.length === 0) break;
        pages.push(...page);
        after = page[page.length - 1];
      }
      expect(pages).toEqual(whole);
      expect(whole.length).toBeGreaterThan(1);
    });

    it('refuses a limit out of 1..1000, an `after` that is no id, and roles other than dpo and service', async () => {
      for (const l of [0, 1001])
        expect(codes(await asService('dpo', AUDIENCE, { p: 'MARKETING', l }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await asService('dpo', AUDIENCE, { p: 'MARKETING', a: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
      for (const role of ['support', 'tech', 'requests'] as const)
        expect(codes(await asService(role, AUDIENCE, { p: 'MARKETING' }))).toEqual(['FORBIDDEN']);
    });

    it('a consent withdrawn takes the subject out of that processing; granted again, back in', async () => {
      for (const p of CONSENT_PURPOSES) await consent(subjectId, p, true);
      expect(await memberships(subjectId)).toEqual(ALL_IN);

      const withdrawn = await consent(subjectId, 'MARKETING', false);
      expect(withdrawn).toMatchObject({
        operation: 'consent',
        outcome: 'APPLIED',
        entities: [counts('ConsentEvent', { updated: 1 })],
      });
      expect(await memberships(subjectId)).toEqual({ ...ALL_IN, MARKETING: false });

      await consent(subjectId, 'MARKETING', true);
      expect(await memberships(subjectId)).toEqual(ALL_IN);

      // The proof records both, in order.
      const shown = await stack.query<{
        subject: {
          consents: Array<{ purpose: string; granted: boolean; history: Array<{ granted: boolean; source: string }> }>;
        };
      }>('query($id: ID!) { subject(id: $id) { consents { purpose granted history { granted source } } } }', {
        id: subjectId,
      });
      const marketing = shown.data?.subject.consents.find((c) => c.purpose === 'MARKETING');
      expect(marketing?.granted).toBe(true);
      expect(marketing?.history.slice(-3)).toEqual([
        { granted: true, source: 'RIGHTS_REQUEST' },
        { granted: false, source: 'RIGHTS_REQUEST' },
        { granted: true, source: 'RIGHTS_REQUEST' },
      ]);
    });

    it('a restriction of ALL takes the subject out of every processing; lifted, back in', async () => {
      const restricted = await restrict(subjectId, 'RESTRICTION', 'ALL');
      expect(restricted).toMatchObject({
        operation: 'restrict',
        outcome: 'APPLIED',
        recipients: expect.arrayContaining(['EMAIL_PROVIDER', 'HOSTING_PROVIDER']),
      });
      expect(await memberships(subjectId)).toEqual(Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])));

      const lifted = await lift(subjectId, 'ALL');
      expect(lifted.entities).toEqual([counts('ProcessingRestriction', { updated: 1 })]);
      expect(await memberships(subjectId)).toEqual(ALL_IN);
    });

    it('an objection to ANALYTICS takes the subject out of ANALYTICS only; consenting to it again ends the objection', async () => {
      await restrict(subjectId, 'OBJECTION', 'ANALYTICS');
      expect(await memberships(subjectId)).toEqual({ ...ALL_IN, ANALYTICS: false });
      // Lifting is for restrictions: an objection stands until the subject consents.
      await lift(subjectId, 'ANALYTICS');
      expect(await memberships(subjectId)).toEqual({ ...ALL_IN, ANALYTICS: false });

      const granted = await consent(subjectId, 'ANALYTICS', true);
      expect(granted.entities).toEqual([
        counts('ConsentEvent', { updated: 1 }),
        counts('ProcessingRestriction', { updated: 1 }),
      ]);
      expect(await memberships(subjectId)).toEqual(ALL_IN);
    });

    it('shows the restrictions and objections, in force or lifted, in the subject', async () => {
      const res = await asService<{ subject: { processingRestrictions: Array<Record<string, unknown>> } }>(
        'dpo',
        'query($id: ID!) { subject(id: $id) { processingRestrictions { kind scope since liftedAt requestId } } }',
        { id: subjectId },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.subject.processingRestrictions).toEqual([
        {
          kind: 'RESTRICTION',
          scope: 'ALL',
          since: expect.any(String),
          liftedAt: expect.any(String),
          requestId: expect.any(String),
        },
        {
          kind: 'OBJECTION',
          scope: 'ANALYTICS',
          since: expect.any(String),
          liftedAt: expect.any(String),
          requestId: expect.any(String),
        },
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------
  // GATEWAY ASSERTIONS FOR THE NEW PUBLIC FIELDS. The gateway serves the committed supergraph
  // (schema/supergraph.graphql): processingAudience, DataSubject.erasedAt, erasureRequestId and
  // processingRestrictions reach it only once `npm run compose` has been run. Until then this
  // block is skipped; from then on it runs by itself.
  // -------------------------------------------------------------------------------------------
  const recomposed = supergraphSchema().getQueryType()?.getFields().processingAudience !== undefined;
  (recomposed ? describe : describe.skip)('through the gateway, once the supergraph is recomposed', () => {
    it('processingAudience is FORBIDDEN for support, served to dpo and service', async () => {
      const asSupport = await stack.query(AUDIENCE, { p: 'MARKETING' }, { role: 'support' });
      expect(codes(asSupport)).toEqual(['FORBIDDEN']);
      for (const role of ['dpo', 'service'] as const) {
        const res = await stack.query<{ processingAudience: string[] }>(
          AUDIENCE,
          { p: 'ANALYTICS', l: 1000 },
          { role },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data?.processingAudience).toEqual(await audience('ANALYTICS'));
      }
    });

    it('shows the tombstone with its erasure date and request id', async () => {
      const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
      const res = await stack.query<{ subject: Record<string, unknown> }>(
        'query($id: ID!) { subject(id: $id) { id status erasedAt erasureRequestId fullName email phone consents { purpose } professional { sector } processingRestrictions { kind } } }',
        { id: subjectId },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.subject).toEqual({
        id: subjectId,
        status: 'ERASED',
        erasedAt: expect.any(String),
        erasureRequestId: expect.any(String),
        fullName: null,
        email: null,
        phone: null,
        consents: [],
        professional: null,
        processingRestrictions: [],
      });
    });
  });
});
