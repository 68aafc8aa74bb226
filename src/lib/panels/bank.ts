import * as v from 'valibot';

/** Pad and knob panels address one of two banks, as on most 2×8 pad controllers. */
export const BANKS = ['A', 'B'] as const;
export type Bank = (typeof BANKS)[number];
export const BankSchema = v.picklist(BANKS);
