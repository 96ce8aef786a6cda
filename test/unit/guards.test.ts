import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { RequestAccess, type Principal } from '../../common/access';
import { guardSubjectFields } from '../../common/subgraph-guard';
import { limitPlugins } from '../../gateway/limits/limits.plugin';
import type { RateLimiter } from '../../gateway/limits/rate-limiter';

/** Guards that cannot be switched off by a mistake: built wrong, they refuse to build. */

describe('the DataSubject field guard of a subgraph', () => {
  it('refuses a schema without DataSubject, saying why, instead of guarding nothing', () => {
    const schema = buildSchema('type Query { subject(id: ID!): Subject } type Subject { id: ID! email: String }');
    expect(() => guardSubjectFields(schema)).toThrow(
      /^guardSubjectFields: the schema has no DataSubject object type, so the access rules would guard nothing/,
    );
  });

  it('refuses a DataSubject that is not an object type', () => {
    const schema = buildSchema('type Query { a: DataSubject } scalar DataSubject');
    expect(() => guardSubjectFields(schema)).toThrow(/no DataSubject object type/);
  });

  describe('on a schema with DataSubject', () => {
    let schema: GraphQLSchema;
    beforeAll(() => {
      schema = buildSchema(
        'type Query { subject: DataSubject } type DataSubject { id: ID! email: String status: String }',
      );
      guardSubjectFields(schema);
    });
    const read = async (principal: Principal, field: string) =>
      graphql({
        schema,
        source: `{ subject { ${field} } }`,
        rootValue: { subject: { id: 'subject-1', email: 'a@example.fr', status: 'ACTIVE' } },
        contextValue: { access: new RequestAccess(principal, 'request-1') },
      });

    it('applies the access rules to every field, default resolvers included', async () => {
      const tech: Principal = { sub: 'tech-1', roles: ['tech'] };
      expect((await read(tech, 'status')).data).toEqual({ subject: { status: 'ACTIVE' } });
      const refused = await read(tech, 'email');
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0].message).toBe('Your role may not read DataSubject.email.');
      const dpo: Principal = { sub: 'dpo-1', roles: ['dpo'] };
      expect((await read(dpo, 'email')).data).toEqual({ subject: { email: 'a@example.fr' } });
    });
  });
});

describe('the limit plugins of the gateway', () => {
  it('refuse to build without the rate limiter the gateway context uses, saying why', () => {
    expect(() => limitPlugins({ rateLimiter: undefined as unknown as RateLimiter, supergraphSdl: '' })).toThrow(
      /^limitPlugins needs options\.rateLimiter, the RateLimiter the gateway context takes requests from/,
    );
  });
});
