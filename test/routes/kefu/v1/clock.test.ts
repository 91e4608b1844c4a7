import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_NOW, describeEachDatabase, startKefu, type RunningKefu } from '../../../support/kefu.js';

async function moveClock(kefu: RunningKefu, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${kefu.baseUrl}/kefu/v1/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describeEachDatabase('POST /kefu/v1/clock', (dialect) => {
  let kefu: RunningKefu;
  let plain: RunningKefu;
  before(async () => {
    kefu = await startKefu(dialect, { testClock: true });
    plain = await startKefu(dialect);
  });
  after(async () => {
    await kefu.close();
    await plain.close();
  });

  test('advance_ms and now move the clock forward, without a token, and answer now_ms', async () => {
    assert.deepEqual(await moveClock(kefu, { advance_ms: 60_000 }), { status: 200, body: { code: 0, msg: 'success', data: { now_ms: DEFAULT_NOW + 60_000 } } });
    assert.equal(kefu.clock.now(), DEFAULT_NOW + 60_000);
    const later = await moveClock(kefu, { now: '2026-11-25T03:00:00Z' });
    assert.equal(later.body.data.now_ms, Date.parse('2026-11-25T03:00:00Z'));
    const asMs = await moveClock(kefu, { now: Date.parse('2026-11-25T03:00:00Z') + 1 });
    assert.equal(asMs.body.data.now_ms, Date.parse('2026-11-25T03:00:00Z') + 1);
  });

  test('backwards, both fields, neither, or a date that is not ISO-8601 are 400/154000 and leave the clock alone', async () => {
    const before = kefu.clock.now();
    for (const body of [{ now: before - 1 }, { now: '2020-01-01T00:00:00Z' }, { now: before + 1, advance_ms: 1 }, {}, { now: 'tomorrow' }, { advance_ms: -5 }]) {
      const res = await moveClock(kefu, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 154000);
      assert.equal(kefu.clock.now(), before);
    }
  });

  test('a server whose clock is not frozen has no clock route', async () => {
    const res = await moveClock(plain, { advance_ms: 1 });
    assert.equal(res.status, 404);
    assert.equal(plain.clock.now(), DEFAULT_NOW);
  });
});
