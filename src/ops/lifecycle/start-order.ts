/**
 * The order in which ready containers are started. The engine starts containers largely one
 * after another (network endpoint, mounts, the runtime), so five started together finish over a
 * second or more, in no useful order. A container that others wait on starts first, and the
 * rest once no such start is under way: the dependents' wait, often a healthcheck interval,
 * begins as early as it can.
 */
export class StartOrder {
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly waitedOn: ReadonlySet<string>) {}

  async run<T>(service: string, start: () => Promise<T>): Promise<T> {
    if (!this.waitedOn.has(service)) {
      // Services made ready by the same event are all in line before the first one checks.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      return start();
    }
    this.inFlight += 1;
    try {
      return await start();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }
}
