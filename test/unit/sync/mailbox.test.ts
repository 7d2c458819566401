import { describe, expect, it } from 'vitest';
import { Mailbox } from '../../../actors/mailbox.js';

/** A command that runs until `release` is called. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

describe('the actor mailbox', () => {
  it('runs commands one at a time, in the order they were sent', async () => {
    const mailbox = new Mailbox<'pause' | 'start' | 'resync'>();
    const log: string[] = [];
    const first = gate();
    const a = mailbox.send('pause', async () => {
      log.push('pause:begin');
      await first.done;
      log.push('pause:end');
    });
    const b = mailbox.send('start', () => void log.push('start'));
    const c = mailbox.send('resync', () => void log.push('resync'));
    await Promise.resolve();
    expect(log).toEqual(['pause:begin']);
    first.release();
    await Promise.all([a, b, c]);
    expect(log).toEqual(['pause:begin', 'pause:end', 'start', 'resync']);
  });

  it('a command sent twice while the first one still runs runs once', async () => {
    const mailbox = new Mailbox<'pause'>();
    let runs = 0;
    const draining = gate();
    const first = mailbox.send('pause', async () => {
      runs++;
      await draining.done;
    });
    const second = mailbox.send('pause', async () => {
      runs++;
    });
    expect(second).toBe(first);
    draining.release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    // Once it has finished, the same command runs again.
    await mailbox.send('pause', () => void runs++);
    expect(runs).toBe(2);
  });

  it('a repeated command queued behind another one joins it; one sent after a different command does not', async () => {
    const mailbox = new Mailbox<'pause' | 'start'>();
    const log: string[] = [];
    const draining = gate();
    void mailbox.send('pause', () => draining.done.then(() => void log.push('pause')));
    void mailbox.send('start', () => void log.push('start 1'));
    void mailbox.send('start', () => void log.push('start 2'));
    void mailbox.send('pause', () => void log.push('pause 2'));
    draining.release();
    await mailbox.idle();
    expect(log).toEqual(['pause', 'start 1', 'pause 2']);
  });

  it('runs the command of an idle mailbox at once, and a failed command does not block the next', async () => {
    const mailbox = new Mailbox<'start' | 'resync'>();
    let started = false;
    const start = mailbox.send('start', () => {
      started = true;
    });
    expect(started).toBe(true);
    await start;
    await expect(mailbox.send('resync', () => Promise.reject(new Error('reset failed')))).rejects.toThrow(
      'reset failed',
    );
    let again = false;
    await mailbox.send('start', () => void (again = true));
    expect(again).toBe(true);
  });
});
