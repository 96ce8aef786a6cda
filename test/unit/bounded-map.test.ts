import { BoundedMap } from '../../common/bounded-map';

describe('bounded maps', () => {
  it('hold at most their capacity, dropping the oldest key first, whatever streams through', () => {
    const map = new BoundedMap<string, number>(3);
    let largest = 0;
    for (let i = 0; i < 1_000; i++) {
      map.set(`text ${i}`, i);
      largest = Math.max(largest, map.size);
    }
    expect(largest).toBe(3);
    expect([...map.keys()]).toEqual(['text 997', 'text 998', 'text 999']);
  });

  it('replace the value of a key they hold without dropping another', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3);
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('keep a key its caller moved to the back (deleted and set again) past the others', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    map.delete('a');
    map.set('a', 1);
    map.set('c', 3);
    expect([...map.keys()]).toEqual(['a', 'c']);
  });

  it('refuse a capacity under one, naming it', () => {
    expect(() => new BoundedMap(0)).toThrow('a capacity of at least 1');
    expect(() => new BoundedMap(1.5)).toThrow('a capacity of at least 1');
  });
});
