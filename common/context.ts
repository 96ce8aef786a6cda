import type { AccessContext } from './subgraph-guard';

/** The per-request context every subgraph resolver gets: its store, fresh loaders, and the caller's access. */
export interface SubjectDatabaseContext<Store, Loaders> extends AccessContext {
  store: Store;
  loaders: Loaders;
}
