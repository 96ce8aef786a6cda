/** The per-request context every subgraph resolver gets: its store and fresh loaders. */
export interface SubjectDatabaseContext<Store, Loaders> {
  store: Store;
  loaders: Loaders;
}
