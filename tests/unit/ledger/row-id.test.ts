import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROW_ID_LENGTH, RowIdSource } from '$lib/ledger/row-id';

describe('ledger row ids', () => {
  it('are unique and sort in creation order, whatever the clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }), (steps) => {
        let clock = 1_700_000_000_000;
        const ids = new RowIdSource(() => clock, 'ab12');
        const issued = steps.map((step) => {
          clock += step; // the wall clock may stand still or step back
          return ids.next();
        });
        expect(new Set(issued).size).toBe(issued.length);
        expect([...issued].sort()).toEqual(issued);
        for (const id of issued) expect(id).toHaveLength(ROW_ID_LENGTH);
      })
    );
  });

  it('keep increasing across a reload, even when the clock went back', () => {
    let clock = 1_700_000_000_000;
    const before = new RowIdSource(() => clock, 'aaaa');
    const last = [before.next(), before.next(), before.next()].at(-1)!;
    clock -= 60_000;
    const after = new RowIdSource(() => clock, 'bbbb');
    after.observe(last);
    expect(after.next() > last).toBe(true);
  });

  it('never collide between two tabs writing in the same millisecond', () => {
    const clock = () => 1_700_000_000_000;
    const tabA = new RowIdSource(clock, 'aaaa');
    const tabB = new RowIdSource(clock, 'bbbb');
    expect(tabA.next()).not.toBe(tabB.next());
  });
});
