import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import type { Principal, Role } from '../common/access';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { FEATURED, FEATURED_INDEX } from '../common/demo/plan';
import { DAY_MS } from '../common/calendar-date';
import { demoId } from '../common/demo/random';
import { isoDate } from '../common/duration';
import { secretKey, signInternalToken } from '../common/internal-token';
import { exportQuery, isInaccessible, reachableFields, supergraphSchema } from '../schema/supergraph';
import { MentorAssignmentEntity } from '../subgraphs/sessions/entities/mentor-assignment.entity';
import { postGraphQL, startStack, type As, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * "Who may see what": every role against every personal field of DataSubject, through the
 * gateway and around it (a direct `_entities` call with a valid internal token), plus the
 * mentor's scope in time and the subject's scope to themself.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SubjectData = Record<string, Json>;

const ROLES = ['dpo', 'support', 'tech', 'mentor', 'subject', 'service'] as const satisfies readonly Role[];

// ---------------------------------------------------------------------------------------------
// The expected matrix, written from the issue (not from common/access.ts): for each personal
// field of DataSubject, the roles that may read it. `subject` means "about themself"; `mentor`
// means "about a subject with an assignment in force today". Anyone else gets FORBIDDEN.
// ---------------------------------------------------------------------------------------------

/** dpo and service read everything; a subject reads everything about themself. */
const READ_ALL: readonly Role[] = ['dpo', 'service', 'subject'];

const MAY_READ: Record<string, readonly Role[]> = {
  id: [...READ_ALL, 'support', 'tech', 'mentor'],
  // What the profile subgraph holds: support sees all of it, tech the technical state of the
  // account, a mentor the name, language and professional context.
  fullName: [...READ_ALL, 'support', 'mentor'],
  email: [...READ_ALL, 'support'],
  phone: [...READ_ALL, 'support'],
  birthDate: [...READ_ALL, 'support'],
  locale: [...READ_ALL, 'support', 'mentor'],
  status: [...READ_ALL, 'support', 'tech'],
  createdAt: [...READ_ALL, 'support', 'tech'],
  lastLoginAt: [...READ_ALL, 'support', 'tech'],
  professional: [...READ_ALL, 'support', 'mentor'],
  financialSituation: [...READ_ALL, 'support'],
  consents: [...READ_ALL, 'support'],
  sponsorship: [...READ_ALL, 'support'],
  communicationPreferences: [...READ_ALL, 'support'],
  processingRestrictions: [...READ_ALL, 'support'],
  // The tombstone's own fields: part of the profile support sees (no personal data in them).
  erasedAt: [...READ_ALL, 'support'],
  erasureRequestId: [...READ_ALL, 'support'],
  // Mentoring: the mentor's own work with the subject; support does not see it.
  mentoringSessions: [...READ_ALL, 'mentor'],
  mentorAssignments: [...READ_ALL, 'mentor'],
  documents: [...READ_ALL, 'mentor'],
  evaluations: READ_ALL,
  learningProgress: READ_ALL,
  downloads: READ_ALL,
  // Server logs: tech only, never support.
  connectionLogs: [...READ_ALL, 'tech'],
  // Billing: nobody but the roles that read everything.
  billingAccount: READ_ALL,
  invoices: READ_ALL,
  payments: READ_ALL,
  subscriptions: READ_ALL,
  supportTickets: [...READ_ALL, 'support'],
  // The ledger of the subject's rights requests: the DPO's record, the subject's own; not support's.
  requests: READ_ALL,
};
const FIELDS = Object.keys(MAY_READ);
/** Fields of DataSubject that hold no personal data (@notPersonal): what records an erasure. */
const NOT_PERSONAL = ['erasedAt', 'erasureRequestId'];
/** Null for every subject not erased: the matrix checks them on nulls (still FORBIDDEN or not). */
const ONLY_AFTER_ERASURE = ['erasedAt', 'erasureRequestId'];
const mayRead = (role: Role, field: string): boolean => MAY_READ[field].includes(role);

// ---------------------------------------------------------------------------------------------
// What the committed supergraph says: the fields, who owns each, a valid sub-selection.
// ---------------------------------------------------------------------------------------------

const SCHEMA = supergraphSchema();
const SUBJECT_TYPE = ((): GraphQLObjectType => {
  const type = SCHEMA.getType('DataSubject');
  if (!isObjectType(type)) throw new Error('DataSubject is not an object type of the supergraph');
  return type;
})();

function subjectField(name: string): GraphQLField<unknown, unknown> {
  const field = SUBJECT_TYPE.getFields()[name];
  if (!field) throw new Error(`DataSubject.${name} is not in the supergraph`);
  return field;
}

/** `graph: PROFILE` of `@join__field` / `@join__type` directives, as subgraph names. */
function graphsOf(directives: readonly ConstDirectiveNode[], directive: string): SubgraphName[] {
  return directives
    .filter((d) => d.name.value === directive)
    .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
    .map((v) => (v?.kind === Kind.ENUM ? v.value.toLowerCase() : ''))
    .filter((name): name is SubgraphName => (SUBGRAPH_NAMES as readonly string[]).includes(name));
}

/** The subgraphs that resolve this field: its `@join__field` graph, or every graph of the entity for the key. */
function ownersOf(name: string): SubgraphName[] {
  const own = graphsOf(subjectField(name).astNode?.directives ?? [], 'join__field');
  return own.length > 0 ? own : graphsOf(SUBJECT_TYPE.astNode?.directives ?? [], 'join__type');
}

/** The field, with `{ id }` (or its first plain field) under an object or a list of objects. */
function selectionOf(name: string): string {
  const named = getNamedType(subjectField(name).type);
  if (isLeafType(named)) return name;
  if (!isObjectType(named)) throw new Error(`DataSubject.${name}: unexpected type ${named.name}`);
  const leaves = Object.values(named.getFields()).filter(
    (f) =>
      !isInaccessible(f) && isLeafType(getNamedType(f.type)) && f.args.every((a) => !a.type.toString().endsWith('!')),
  );
  const pick = leaves.find((f) => f.name === 'id') ?? leaves[0];
  if (!pick) throw new Error(`DataSubject.${name}: no plain field to select under ${named.name}`);
  return `${name} { ${pick.name} }`;
}

const ALL_FIELDS_SELECTION = FIELDS.map(selectionOf).join(' ');
const subjectQuery = (selection: string): string =>
  `query AccessMatrix($id: ID!) { subject(id: $id) { ${selection} } }`;
const entitiesQuery = (selection: string): string =>
  `query AccessMatrixEntities($representations: [_Any!]!) { _entities(representations: $representations) { ... on DataSubject { ${selection} } } }`;

// ---------------------------------------------------------------------------------------------
// Helpers: who calls, what came back.
// ---------------------------------------------------------------------------------------------

/** The demo subject whose record the scoped roles cover: exactly one record in every collection. */
const MINE = demoId('subject', FEATURED_INDEX.oneEach);
/** Someone else: mentoring too (so the mentoring lists are not empty), with another mentor. */
const SOMEONE_ELSE = demoId('subject', FEATURED_INDEX.fiftyEach);

const today = (): string => isoDate(new Date());
const yesterday = (): string => isoDate(new Date(Date.now() - DAY_MS));

/** `code @ path` of every error: what a client sees of them. */
function problems(
  res: GraphQLResponse<unknown>,
): Array<{ code: unknown; path: ReadonlyArray<string | number> | undefined }> {
  return (res.errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path }));
}

function leafStrings(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}

/** Not one string of `value` (what a dpo sees there) appears anywhere in the response. */
function expectNoneOf(res: GraphQLResponse<unknown>, value: Json): void {
  const text = JSON.stringify(res);
  for (const s of leafStrings(value).filter((v) => v.length >= 4))
    expect(text).not.toContain(JSON.stringify(s).slice(1, -1));
}

function principalOf(role: Role, scope: { mentorId: string; mentees: readonly string[] }): Principal {
  const sub = `access-matrix-${role}`;
  if (role === 'subject') return { sub, roles: ['subject'], subjectId: MINE };
  if (role === 'mentor') return { sub, roles: ['mentor'], mentorId: scope.mentorId, mentees: scope.mentees };
  return { sub, roles: [role] };
}

function callerOf(role: Role, mentorId: string): As {
  if (role === 'subject') return { role, subjectId: MINE };
  if (role === 'mentor') return { role, mentorId };
  return { role };
}

/** A direct call to one subgraph, around the gateway, with a valid internal token for it. */
async function entities(
  stack: Stack,
  subgraph: SubgraphName,
  principal: Principal,
  subjectId: string,
  selection: string,
): Promise<GraphQLResponse<{ _entities: Array<SubjectData | null> }>> {
  const token = await signInternalToken(secretKey(stack.secrets.internal, 'x'), subgraph, {
    principal,
    requestId: `access-matrix-${randomUUID()}`,
  });
  return postGraphQL(
    `${stack.subgraphs[subgraph].listening.url}/graphql`,
    entitiesQuery(selection),
    { representations: [{ __typename: 'DataSubject', id: subjectId }] },
    { authorization: `Bearer ${token}` },
  );
}

/**
 * A subject out of the caller's scope, asked for through `_entities`: no entity comes back and
 * the one error is FORBIDDEN on the entity (or on the whole `_entities` list: the reference
 * resolver refuses before anything is read), never on one of its fields.
 */
function expectEntityRefused(res: GraphQLResponse<{ _entities: Array<SubjectData | null> }>, what: string): void {
  expect({ what, entity: res.data?._entities?.[0] ?? null }).toEqual({ what, entity: null });
  const [error, ...more] = problems(res);
  expect({ what, code: error?.code, more }).toEqual({ what, code: 'FORBIDDEN', more: [] });
  expect([['_entities'], ['_entities', 0]]).toContainEqual(error.path);
}

/** What the sessions subgraph tells the gateway this mentor may see today. */
async function activeMentees(stack: Stack, mentorId: string): Promise<string[]> {
  const token = await signInternalToken(secretKey(stack.secrets.internal, 'x'), 'sessions', {
    principal: { sub: `mentor-${mentorId}`, roles: ['mentor'], mentorId },
    requestId: `access-matrix-${randomUUID()}`,
  });
  const res = await postGraphQL<{ activeMentees: string[] }>(
    `${stack.subgraphs.sessions.listening.url}/graphql`,
    'query { activeMentees }',
    {},
    { authorization: `Bearer ${token}` },
  );
  expect(res.errors).toBeUndefined();
  return res.data?.activeMentees ?? [];
}

/** Assignments in force on `day` (started, not ended), from the sessions database itself. */
function assignmentsInForce(
  stack: Stack,
  day: string,
  where: { subjectId?: string; mentorId?: string } = {},
): Promise<MentorAssignmentEntity[]> {
  const qb = stack.subgraphs.sessions.server.db.dataSource
    .getRepository(MentorAssignmentEntity)
    .createQueryBuilder('a')
    .where('a.startsOn <= :day AND (a.endsOn IS NULL OR a.endsOn >= :day)', { day });
  if (where.subjectId) qb.andWhere('a.subjectId = :subjectId', { subjectId: where.subjectId });
  if (where.mentorId) qb.andWhere('a.mentorId = :mentorId', { mentorId: where.mentorId });
  return qb.orderBy('a.mentorId').addOrderBy('a.subjectId').addOrderBy('a.startsOn').getMany();
}

async function dpoView(stack: Stack, subjectId: string, selection = ALL_FIELDS_SELECTION): Promise<SubjectData> {
  const res = await stack.query<{ subject: SubjectData | null }>(subjectQuery(selection), { id: subjectId });
  expect(res.errors).toBeUndefined();
  const subject = res.data?.subject;
  if (!subject) throw new Error(`no subject ${subjectId}`);
  return subject;
}

// ---------------------------------------------------------------------------------------------

describe('who may see what: every role × every personal field of DataSubject', () => {
  let stack: Stack;
  let mentorId = '';
  let mentees: string[] = [];
  /** What a dpo gets, per subject id: the reference every allowed read must equal. */
  const seen = new Map<string, SubjectData>();
  const dpoSees = (subjectId: string, field: string): Json => {
    const view = seen.get(subjectId);
    if (!view || !(field in view)) throw new Error(`no dpo view of ${field}`);
    return view[field];
  };

  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
    const [assignment] = await assignmentsInForce(stack, today(), { subjectId: MINE });
    if (!assignment) throw new Error('the demo subject has no assignment in force today');
    mentorId = assignment.mentorId;
    mentees = await activeMentees(stack, mentorId);
    // The demo population has no rights request: an objection for MINE, through the ledger, so
    // that its restriction and the request itself are data to guard.
    const objection = await stack.query(
      `mutation($id: ID!) { objectToProcessing(input: { subjectId: $id, purpose: MARKETING, identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "test" } }) { status } }`,
      { id: MINE },
    );
    if (objection.errors) throw new Error(JSON.stringify(objection.errors));
    for (const id of [MINE, SOMEONE_ELSE]) seen.set(id, await dpoView(stack, id));
  });
  afterAll(() => stack.stop());

  it('classifies every personal field of DataSubject in the supergraph, and no other', () => {
    const inSupergraph = reachableFields(SCHEMA)
      .filter((f) => f.coordinate.startsWith('DataSubject.'))
      .map((f) => ({ field: f.coordinate.slice('DataSubject.'.length), personal: f.personal !== null }));
    // Every public field of DataSubject is personal data but the tombstone's: a field without @personal would be a gap.
    expect(
      inSupergraph
        .filter((f) => !f.personal)
        .map((f) => f.field)
        .sort(),
    ).toEqual([...NOT_PERSONAL].sort());
    // A new field fails here until its row is added to MAY_READ above.
    expect([...FIELDS].sort()).toEqual(inSupergraph.map((f) => f.field).sort());
  });

  it("runs on a subject with data in every field, a mentor in charge of them and someone else out of that mentor's scope", () => {
    for (const field of FIELDS.filter((f) => !ONLY_AFTER_ERASURE.includes(f))) {
      const value = dpoSees(MINE, field);
      expect({
        field,
        value: value === null || (Array.isArray(value) && value.length === 0) ? 'nothing' : 'data',
      }).toEqual({ field, value: 'data' });
    }
    expect(mentees).toContain(MINE);
    expect(mentees).not.toContain(SOMEONE_ELSE);
    expect(FEATURED[FEATURED_INDEX.fiftyEach].programme).toBe('MENTORING');
  });

  describe.each(ROLES)('as %s, through the gateway: subject(id:)', (role) => {
    it.each(FIELDS)('%s', async (field) => {
      const res = await stack.query<{ subject: SubjectData | null }>(
        subjectQuery(selectionOf(field)),
        { id: MINE },
        callerOf(role, mentorId),
      );
      if (mayRead(role, field)) {
        expect(problems(res)).toEqual([]);
        expect(res.data).toEqual({ subject: { [field]: dpoSees(MINE, field) } });
      } else {
        expect(res.data).toEqual({ subject: { [field]: null } });
        expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subject', field] }]);
        expectNoneOf(res, dpoSees(MINE, field));
      }
    });
  });

  it.each(['subject', 'mentor'] as const)(
    'as %s, through the gateway: someone else is refused whole, whatever the fields asked',
    async (role) => {
      const res = await stack.query<{ subject: SubjectData | null }>(
        subjectQuery(ALL_FIELDS_SELECTION),
        { id: SOMEONE_ELSE },
        callerOf(role, mentorId),
      );
      expect(res.data).toEqual({ subject: null });
      expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subject'] }]);
      expectNoneOf(res, seen.get(SOMEONE_ELSE) ?? null);
    },
  );

  describe.each(ROLES)('as %s, around the gateway: _entities on the subgraph that owns the field', (role) => {
    it.each(FIELDS)('%s', async (field) => {
      const principal = principalOf(role, { mentorId, mentees });
      for (const subgraph of ownersOf(field)) {
        // The subject the role covers: the same answer as through the gateway.
        const own = await entities(stack, subgraph, principal, MINE, selectionOf(field));
        if (mayRead(role, field)) {
          expect({ subgraph, problems: problems(own) }).toEqual({ subgraph, problems: [] });
          expect(own.data).toEqual({ _entities: [{ [field]: dpoSees(MINE, field) }] });
        } else {
          expect(own.data).toEqual({ _entities: [{ [field]: null }] });
          expect({ subgraph, problems: problems(own) }).toEqual({
            subgraph,
            problems: [{ code: 'FORBIDDEN', path: ['_entities', 0, field] }],
          });
          expectNoneOf(own, dpoSees(MINE, field));
        }

        // Another subject's representation: out of a subject's or a mentor's scope altogether.
        const other = await entities(stack, subgraph, principal, SOMEONE_ELSE, selectionOf(field));
        if (role === 'subject' || role === 'mentor') {
          expectEntityRefused(other, subgraph);
          expectNoneOf(other, dpoSees(SOMEONE_ELSE, field));
        } else if (mayRead(role, field)) {
          expect({ subgraph, problems: problems(other) }).toEqual({ subgraph, problems: [] });
          expect(other.data).toEqual({ _entities: [{ [field]: dpoSees(SOMEONE_ELSE, field) }] });
        } else {
          expect(other.data).toEqual({ _entities: [{ [field]: null }] });
          expect({ subgraph, problems: problems(other) }).toEqual({
            subgraph,
            problems: [{ code: 'FORBIDDEN', path: ['_entities', 0, field] }],
          });
          expectNoneOf(other, dpoSees(SOMEONE_ELSE, field));
        }
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('a mentor sees a mentee only while an assignment is in force', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  const MENTOR_SELECTION = FIELDS.filter((f) => mayRead('mentor', f))
    .map(selectionOf)
    .join(' ');

  it('sees an active mentee, and is refused the same mentee once the assignment has ended', async () => {
    const [assignment] = await assignmentsInForce(stack, today());
    if (!assignment) throw new Error('the demo data has no assignment in force today');
    const { mentorId, subjectId } = assignment;
    const asMentor: As = { role: 'mentor', mentorId };

    const before = await stack.query<{ subject: SubjectData | null }>(
      subjectQuery(MENTOR_SELECTION),
      { id: subjectId },
      asMentor,
    );
    expect(problems(before)).toEqual([]);
    expect(before.data?.subject).toEqual(await dpoView(stack, subjectId, MENTOR_SELECTION));
    expect(before.data?.subject?.fullName).toEqual(expect.any(String));

    // The assignment ends yesterday (and any other one of the same pair still in force).
    await stack.subgraphs.sessions.server.db.dataSource
      .createQueryBuilder()
      .update(MentorAssignmentEntity)
      .set({ endsOn: yesterday() })
      .where(
        'mentor_id = :mentorId AND subject_id = :subjectId AND starts_on <= :today AND (ends_on IS NULL OR ends_on >= :today)',
        { mentorId, subjectId, today: today() },
      )
      .execute();
    expect(await assignmentsInForce(stack, today(), { mentorId, subjectId })).toEqual([]);

    const after = await stack.query<{ subject: SubjectData | null }>(
      subjectQuery(MENTOR_SELECTION),
      { id: subjectId },
      asMentor,
    );
    expect(after.data).toEqual({ subject: null });
    expect(problems(after)).toEqual([{ code: 'FORBIDDEN', path: ['subject'] }]);
    expectNoneOf(after, before.data?.subject ?? null);

    const listed = await stack.query<{ subjects: Array<SubjectData | null> }>(
      'query($ids: [ID!]!) { subjects(ids: $ids) { id fullName } }',
      { ids: [subjectId] },
      asMentor,
    );
    expect(listed.data).toEqual({ subjects: [null] });
    expect(problems(listed)).toEqual([{ code: 'FORBIDDEN', path: ['subjects', 0] }]);

    // Around the gateway: sessions no longer vouches for the mentee, and with the scope it gives,
    // every subgraph holding something the mentor could read refuses the subject.
    const mentees = await activeMentees(stack, mentorId);
    expect(mentees).not.toContain(subjectId);
    const principal: Principal = { sub: `mentor-${mentorId}`, roles: ['mentor'], mentorId, mentees };
    for (const field of FIELDS.filter((f) => mayRead('mentor', f))) {
      for (const subgraph of ownersOf(field)) {
        expectEntityRefused(
          await entities(stack, subgraph, principal, subjectId, selectionOf(field)),
          `${subgraph} ${field}`,
        );
      }
    }
  });

  it("refuses the demo's mentee whose assignment has ended to their former mentor", async () => {
    const hugo = demoId('subject', FEATURED_INDEX.assignmentEnded);
    const history = await stack.subgraphs.sessions.server.db.dataSource
      .getRepository(MentorAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.subjectId = :hugo', { hugo })
      .orderBy('a.startsOn', 'DESC')
      .getMany();
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((a) => a.endsOn !== null && a.endsOn < today())).toBe(true);
    const formerMentor = history[0].mentorId;

    // A dpo still sees the ended assignment; the mentor named in it does not see the mentee.
    expect((await dpoView(stack, hugo, 'mentorAssignments { mentorId endsOn }')).mentorAssignments).toContainEqual({
      mentorId: formerMentor,
      endsOn: history[0].endsOn,
    });
    const res = await stack.query<{ subject: SubjectData | null }>(
      subjectQuery('id fullName mentorAssignments { id } mentoringSessions { id }'),
      { id: hugo },
      { role: 'mentor', mentorId: formerMentor },
    );
    expect(res.data).toEqual({ subject: null });
    expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subject'] }]);
    expect(JSON.stringify(res)).not.toContain(FEATURED[FEATURED_INDEX.assignmentEnded].fullName);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a subject sees all of themself and nothing of anyone else', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  const me: As = { role: 'subject', subjectId: MINE };
  const someoneElsesEmail = FEATURED[FEATURED_INDEX.fiftyEach].email;

  it('gets their whole export, the same as a dpo gets', async () => {
    const mine = await stack.query<{ subject: SubjectData | null }>(exportQuery(), { id: MINE }, me);
    expect(problems(mine)).toEqual([]);
    expect(mine.data?.subject?.id).toBe(MINE);
    const dpo = await stack.query<{ subject: SubjectData | null }>(exportQuery(), { id: MINE });
    expect(problems(dpo)).toEqual([]);
    expect(mine.data).toEqual(dpo.data);
  });

  it('gets FORBIDDEN for someone else by id', async () => {
    const res = await stack.query<{ subject: SubjectData | null }>(
      subjectQuery('id fullName email'),
      { id: SOMEONE_ELSE },
      me,
    );
    expect(res.data).toEqual({ subject: null });
    expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subject'] }]);
    expect(JSON.stringify(res)).not.toContain(someoneElsesEmail);
  });

  it("gets FORBIDDEN for someone else's email and for an unknown one alike: existence is not revealed", async () => {
    const byEmail = (email: string) =>
      stack.query<{ subjectByEmail: SubjectData | null }>(
        'query($email: String!) { subjectByEmail(email: $email) { id fullName } }',
        { email },
        me,
      );
    const own = await byEmail(FEATURED[FEATURED_INDEX.oneEach].email);
    expect(problems(own)).toEqual([]);
    expect(own.data).toEqual({ subjectByEmail: { id: MINE, fullName: FEATURED[FEATURED_INDEX.oneEach].fullName } });

    const other = await byEmail(someoneElsesEmail);
    expect(other.data).toEqual({ subjectByEmail: null });
    expect(problems(other)).toEqual([{ code: 'FORBIDDEN', path: ['subjectByEmail'] }]);
    expect(JSON.stringify(other)).not.toContain(SOMEONE_ELSE);

    const unknown = await byEmail('nobody.at.all@example.org');
    expect(unknown).toEqual(other);
  });

  it('gets their own entry and FORBIDDEN in place of the other in subjects(ids:)', async () => {
    const res = await stack.query<{ subjects: Array<SubjectData | null> }>(
      'query($ids: [ID!]!) { subjects(ids: $ids) { id fullName } }',
      { ids: [MINE, SOMEONE_ELSE] },
      me,
    );
    expect(res.data).toEqual({ subjects: [{ id: MINE, fullName: FEATURED[FEATURED_INDEX.oneEach].fullName }, null] });
    expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subjects', 1] }]);
    expect(JSON.stringify(res)).not.toContain(FEATURED[FEATURED_INDEX.fiftyEach].fullName);
  });

  describe('searchSubjects', () => {
    const search = 'query($text: String!) { searchSubjects(text: $text) { id fullName } }';
    const callers: Record<'subject' | 'mentor' | 'tech', As> = {
      subject: me,
      mentor: { role: 'mentor', mentorId: demoId('mentor', 0) },
      tech: { role: 'tech' },
    };

    it.each(Object.keys(callers) as Array<keyof typeof callers>)('is FORBIDDEN for %s', async (role) => {
      const res = await stack.query<{ searchSubjects: SubjectData[] }>(search, { text: 'cincuenta' }, callers[role]);
      expect(res.data?.searchSubjects ?? null).toBeNull();
      expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['searchSubjects'] }]);
      expect(JSON.stringify(res)).not.toContain(SOMEONE_ELSE);
    });

    it.each(['dpo', 'support', 'service'] as const)('finds subjects for %s', async (role) => {
      const res = await stack.query<{ searchSubjects: SubjectData[] }>(search, { text: 'cincuenta' }, { role });
      expect(problems(res)).toEqual([]);
      expect(res.data?.searchSubjects).toEqual([
        { id: SOMEONE_ELSE, fullName: FEATURED[FEATURED_INDEX.fiftyEach].fullName },
      ]);
    });
  });

  describe('identity comes from the token only: headers claiming another identity change nothing', () => {
    const claims = {
      'x-user-id': SOMEONE_ELSE,
      'x-subject-id': SOMEONE_ELSE,
      'x-role': 'dpo',
      'x-roles': 'dpo,service',
      'x-mentor-id': demoId('mentor', 0),
      'x-forwarded-user': 'dpo',
    };

    it('a subject token with them still gets FORBIDDEN for someone else', async () => {
      const res = await stack.query<{ subject: SubjectData | null }>(
        subjectQuery('id fullName email'),
        { id: SOMEONE_ELSE },
        { ...me, headers: claims },
      );
      expect(res.data).toEqual({ subject: null });
      expect(problems(res)).toEqual([{ code: 'FORBIDDEN', path: ['subject'] }]);

      const searched = await stack.query<{ searchSubjects: SubjectData[] }>(
        'query { searchSubjects(text: "cincuenta") { id } }',
        {},
        { ...me, headers: claims },
      );
      expect(problems(searched)).toEqual([{ code: 'FORBIDDEN', path: ['searchSubjects'] }]);
    });

    it('a subject token with them still reads its own record as before', async () => {
      const res = await stack.query<{ subject: SubjectData | null }>(
        subjectQuery('id fullName'),
        { id: MINE },
        { ...me, headers: claims },
      );
      expect(problems(res)).toEqual([]);
      expect(res.data).toEqual({ subject: { id: MINE, fullName: FEATURED[FEATURED_INDEX.oneEach].fullName } });
    });

    it('without a token they get nobody in', async () => {
      const res = await stack.query<{ subject: SubjectData | null }>(
        subjectQuery('id fullName'),
        { id: SOMEONE_ELSE },
        { token: null, headers: claims },
      );
      expect(res.data ?? null).toBeNull();
      expect(problems(res)).toEqual([{ code: 'UNAUTHENTICATED', path: undefined }]);
    });
  });
});
