/**
 * A Map that holds at most `capacity` entries: setting a new key on a full map drops the oldest
 * first (a Map iterates in insertion order, so the oldest is the first key). Four caches keyed
 * by what callers send (query texts per subgraph and in the gateway's limits, callers' windows
 * of the rate limit, verified tokens) each wrote this eviction by hand; a stream of distinct
 * keys must cost them what it cost without the cache and hold no more memory than the bound.
 *
 * Least-recently-used order is the caller's to keep where it wants it: deleting a key and
 * setting it again moves it to the back (`VerifiedTokens` does so on every hit).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('a bounded map needs a capacity of at least 1');
  }

  override set(key: K, value: V): this {
    if (this.size >= this.capacity && !this.has(key)) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
