import { createLogger, runOperation } from '@platform/service-kit';
import { describe, expect, it } from 'vitest';
import { slowEcho } from './fixtures/probe-operations.js';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
const ctx = (deadlineInMs: number) => ({ requestId: 'r-deadline', deadline: Date.now() + deadlineInMs });

describe("runOperation's deadline signal (made on first use)", () => {
  it('aborts the signal of a handler that asked for it when the deadline passes, and answers 504', async () => {
    let abortedAt: number | undefined;
    const started = Date.now();
    const reply = await runOperation(
      slowEcho,
      (_input, handlerCtx) =>
        // Work that only stops when told to: it never answers.
        new Promise(() => {
          handlerCtx.signal.addEventListener('abort', () => {
            abortedAt = Date.now();
          });
        }),
      { value: 1 },
      ctx(150),
      logger,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'DEADLINE_EXCEEDED', status: 504 } });
    expect(abortedAt).toBeDefined();
    expect(abortedAt! - started).toBeGreaterThanOrEqual(140);
  });

  it('gives a signal asked for late, or through a copy of the context, the same abort', async () => {
    let copied: AbortSignal | undefined;
    const reply = await runOperation(
      slowEcho,
      async (input, handlerCtx) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        copied = { ...handlerCtx }.signal;
        expect(handlerCtx.signal).toBe(copied);
        expect(copied.aborted).toBe(false);
        await new Promise((resolve) => copied!.addEventListener('abort', resolve));
        return { value: input.value, instance: 'x' };
      },
      { value: 2 },
      ctx(120),
      logger,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'DEADLINE_EXCEEDED' } });
    expect(copied?.aborted).toBe(true);
  });

  it('gives a handler that asks for its signal only after the deadline an aborted one (a transfer then is not made)', async () => {
    let late: AbortSignal | undefined;
    const reply = await runOperation(
      slowEcho,
      async (input, handlerCtx) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        late = handlerCtx.signal;
        return { value: input.value, instance: 'x' };
      },
      { value: 4 },
      ctx(60),
      logger,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'DEADLINE_EXCEEDED' } });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(late?.aborted).toBe(true);
  });

  it('answers a handler that never looks at the signal as before', async () => {
    const reply = await runOperation(slowEcho, async (input) => ({ value: input.value, instance: 'x' }), { value: 3 }, ctx(1_000), logger);
    expect(reply).toEqual({ ok: true, data: { value: 3, instance: 'x' } });
  });
});
