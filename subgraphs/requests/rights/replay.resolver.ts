import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RightsContext } from './rights.context';

@ObjectType({ description: 'What `replayErasures` did: one line per erasure or sweep replayed, and a total.' })
export class ErasureReplayReport {
  @Field(() => Int)
  erasures!: number;

  @Field(() => Int)
  sweeps!: number;

  @Field(() => Int, { description: 'Records deleted or anonymised by this replay: 0 when everything already held.' })
  changed!: number;

  @Field(() => [String])
  lines!: string[];
}

/** After a restore from a backup: the erasures and sweeps recorded since it, again (operations.md). */
@Resolver()
export class ReplayResolver {
  @Mutation(() => ErasureReplayReport, {
    description:
      'Replays every erasure (whole or partial) and retention sweep completed since `since` in every data subgraph, ' +
      'idempotently: run after restoring the data subgraphs from a backup taken at `since`. dpo only.',
  })
  async replayErasures(@Ctx() ctx: RightsContext, @Arg('since') since: Date): Promise<ErasureReplayReport> {
    ctx.access.assertRole('replay erasures', 'dpo');
    return ctx.rights.replay.replay(since);
  }
}
