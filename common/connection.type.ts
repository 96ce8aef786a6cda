import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page ends: pass `endCursor` as `after` for the next one.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** The `XEdge` and `XConnection` types of a list of `X` (one pair per node type, built once). */
export function connectionTypes<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: 'Opaque: give it as `after` to read what follows this node.' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} and how many match in all.` })
  class Connection {
    @Field(() => Int, { description: 'How many match the filter, across every page.' })
    totalCount!: number;

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node])
    nodes!: T[];
  }
  return { Edge, Connection };
}
