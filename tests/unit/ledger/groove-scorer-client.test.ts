import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { grooveScorerApi, type GrooveScorerApi } from '$workers/scoring/groove-scorer-api';
import { ActionLedger } from '$lib/ledger/action-ledger';
import { createGrooveScorer } from '$lib/ledger/groove-scorer-client';
import { Tier2Scoring } from '$lib/ledger/tier2-scoring';
import { createMemoryStore } from '$lib/storage/memory-store';
import { knobInput, padHitInput, testLog } from './ledger-fixtures';

/** The worker's API exposed on a MessageChannel: the same comlink round trip as the real worker. */
const channels: MessageChannel[] = [];
function grooveOverChannel() {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose(grooveScorerApi, channel.port1);
  return createGrooveScorer(Comlink.wrap<GrooveScorerApi>(channel.port2));
}
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('groove scorer through comlink', () => {
  it('backfills groove scores and flags chatter on a fired note as review signal', async () => {
    const log = testLog();
    const ledger = new ActionLedger({ store: createMemoryStore(), log });
    const tier2 = new Tier2Scoring({ ledger, scorer: grooveOverChannel(), log });
    const play = (time: number, note = 36) => {
      const id = ledger.append(padHitInput(time, { note }));
      tier2.schedule(id);
      return id;
    };
    await until(() => tier2.stats.ready); // the worker answered its ping
    for (let i = 0; i < 8; i++) {
      play(1000 + i * 500, i % 2 ? 38 : 36);
      await until(() => tier2.stats.inFlight === 0);
    }
    const late = play(5060);
    await until(() => tier2.stats.inFlight === 0);
    const chatter = play(5078);
    await until(() => tier2.stats.inFlight === 0);

    expect(ledger.get(late)?.score).toMatchObject({ scorer: 'groove', label: 'late' });
    expect(ledger.get(chatter)).toMatchObject({ score: { label: 'double-trigger' }, review: expect.stringContaining('double-trigger'), verdict: { kind: 'fired' } });
    expect(tier2.stats.errors).toBe(0);
  });

  it('gives no score to rows that are not pad hits', async () => {
    const scorer = grooveOverChannel();
    const ledger = new ActionLedger({ store: createMemoryStore(), log: testLog() });
    const id = ledger.append(knobInput(1));
    await expect(scorer.score({ row: ledger.get(id)!, history: [] })).resolves.toBeUndefined();
  });

  it('rejects a malformed request in the worker', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    Comlink.expose(grooveScorerApi, channel.port1);
    const remote = Comlink.wrap<GrooveScorerApi>(channel.port2);
    await expect(remote.assess({ hit: { time: 1, pad: 'kick', velocity: 300 }, history: [] })).rejects.toThrow(/malformed request/);
  });
});
