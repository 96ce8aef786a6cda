import { appendRecent } from '../../common/recent';

describe('recent-calls lists', () => {
  it('keep the most recent entries, in order, in the same list object, never twice the bound', () => {
    const list: number[] = [];
    const held = list;
    let longest = 0;
    for (let i = 0; i < 10_000; i++) {
      appendRecent(list, i, 100);
      longest = Math.max(longest, list.length);
    }
    expect(held).toBe(list);
    expect(longest).toBeLessThan(200);
    expect(list.length).toBeGreaterThanOrEqual(100);
    expect(list.slice(-100)).toEqual(Array.from({ length: 100 }, (_, i) => 9_900 + i));
    expect(list).toEqual([...list].sort((a, b) => a - b));
  });
});
