import { Observable, type Subscription } from 'rxjs';

/**
 * Counts read permits: `available` at start plus one per emission of `credits`. `take()`
 * emits once and completes when a permit is free, consuming it; unsubscribing before that
 * consumes nothing. At most one taker waits at a time (the reader is serial).
 */
export class CreditGate {
  private available: number;
  private waiter: (() => void) | undefined;
  private readonly sub: Subscription;

  constructor(initial: number, credits: Observable<unknown>) {
    this.available = initial;
    this.sub = credits.subscribe(() => {
      this.available++;
      this.waiter?.();
    });
  }

  take(): Observable<void> {
    return new Observable<void>((subscriber) => {
      const tryTake = () => {
        if (this.available <= 0) return;
        this.available--;
        this.waiter = undefined;
        subscriber.next();
        subscriber.complete();
      };
      this.waiter = tryTake;
      tryTake();
      return () => {
        if (this.waiter === tryTake) this.waiter = undefined;
      };
    });
  }

  close(): void {
    this.sub.unsubscribe();
    this.waiter = undefined;
  }
}
