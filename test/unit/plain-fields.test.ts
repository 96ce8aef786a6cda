import 'reflect-metadata';
import { GraphQLObjectType, graphql } from 'graphql';
import { Field, FieldResolver, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { buildFederatedSchema } from '../../common/subgraph-schema';

/**
 * Plain fields are read as the record's properties, with no resolver of type-graphql's around
 * them (decision 342); a field resolver keeps its own. A field with middleware would be skipped
 * that way, so a schema with one is refused, naming why.
 */

@ObjectType()
class Invoice {
  @Field()
  number!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@Resolver(() => Invoice)
class InvoiceResolver {
  @Query(() => [Invoice])
  invoices(): Invoice[] {
    return [
      { number: 'F-1', note: null },
      { number: 'F-2', note: 'paid' },
    ];
  }

  @FieldResolver(() => String)
  label(@Root() invoice: Invoice): string {
    return `Invoice ${invoice.number}`;
  }
}

it('reads plain fields as properties and keeps the field resolvers', async () => {
  const { schema } = await buildFederatedSchema({ resolvers: [InvoiceResolver], referenceResolvers: {} });
  const type = schema.getType('Invoice') as GraphQLObjectType;
  expect(type.getFields().number.resolve).toBeUndefined();
  expect(type.getFields().note.resolve).toBeUndefined();
  expect(type.getFields().label.resolve).toEqual(expect.any(Function));
  const answer = await graphql({ schema, source: '{ invoices { number note label } }' });
  expect(answer).toEqual({
    data: {
      invoices: [
        { number: 'F-1', note: null, label: 'Invoice F-1' },
        { number: 'F-2', note: 'paid', label: 'Invoice F-2' },
      ],
    },
  });
});

it('refuses a schema where a field has middleware: read as a property, it would skip it', async () => {
  @ObjectType()
  class Secret {
    @Field()
    @UseMiddleware(() => Promise.reject(new Error('never read')))
    value!: string;
  }
  @Resolver(() => Secret)
  class SecretResolver {
    @Query(() => Secret)
    secret(): Secret {
      return { value: 'x' };
    }
  }
  await expect(buildFederatedSchema({ resolvers: [SecretResolver], referenceResolvers: {} })).rejects.toThrow(
    /middleware or @Authorized; plain fields would skip it/,
  );
});
