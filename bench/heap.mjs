// Peak JS heap of a page and of its workers, sampled over CDP while something
// runs. Each isolate (the page, each worker) has its own heap; wasm linear
// memory is not part of it (the benchmark reads that from the module itself).
//
// Workers are reached through the browser's CDP session with a non-flat
// attach (messages wrapped in Target.sendMessageToTarget), because
// playwright-core's sessions only attach to pages. Every worker below the page
// is followed, the workers a worker starts too (the coordinator's shards):
// the one whose global has `__benchCoordinator` set (bench/run.mjs marks it
// before the load) is the coordinator, every other one counts as a shard.

const PERIOD_MS = 100;
const ANSWER_MS = 2_000;

export class HeapSampler {
  constructor(browser) {
    this.browser = browser;
    this.pending = new Map();
    this.nextId = 1;
  }

  async init() {
    this.cdp = await this.browser.newBrowserCDPSession();
    this.cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
      const m = JSON.parse(message);
      const key = `${sessionId}:${m.id}`;
      const resolve = this.pending.get(key);
      if (resolve) {
        this.pending.delete(key);
        resolve(m.result);
      }
    });
  }

  /// Starts sampling `page` and every worker it starts.
  async start(page) {
    this.off = process.env.BENCH_HEAP === '0';
    if (this.off) return;
    this.page = await page.context().newCDPSession(page);
    this.pageTarget = (await this.page.send('Target.getTargetInfo')).targetInfo.targetId;
    this.workers = new Map(); // targetId → { sessionId, peak, coordinator }
    this.pagePeak = 0;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.sample();
        await new Promise((r) => setTimeout(r, PERIOD_MS));
      }
    })();
  }

  /// Stops, takes a last sample, and returns the peaks in bytes: the page's,
  /// the coordinator's (`workerHeap`), and the shards' each summed (`shardHeap`,
  /// over `shardsSampled` workers; a shard that came and went between two
  /// samples is not among them).
  async stop() {
    if (this.off) return { pageHeap: NaN, workerHeap: NaN, shardHeap: NaN, shardsSampled: NaN };
    this.running = false;
    await this.loop;
    await this.sample();
    for (const w of this.workers.values()) await this.cdp.send('Target.detachFromTarget', { sessionId: w.sessionId }).catch(() => {});
    await this.page.detach().catch(() => {});
    const all = [...this.workers.values()];
    const sum = (list) => list.reduce((s, w) => s + w.peak, 0);
    const shards = all.filter((w) => !w.coordinator);
    return { pageHeap: this.pagePeak, workerHeap: sum(all.filter((w) => w.coordinator)), shardHeap: sum(shards), shardsSampled: shards.length };
  }

  async sample() {
    const used = await withTimeout(this.page.send('Runtime.getHeapUsage')).catch(() => null);
    if (used) this.pagePeak = Math.max(this.pagePeak, used.usedSize);
    const { targetInfos } = await this.cdp.send('Target.getTargets').catch(() => ({ targetInfos: [] }));
    // The page's workers and theirs: a child may be listed before its parent.
    const ours = new Set([this.pageTarget]);
    const workers = targetInfos.filter((t) => t.type === 'worker');
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of workers) {
        if (!ours.has(t.targetId) && ours.has(t.parentId)) {
          ours.add(t.targetId);
          grew = true;
        }
      }
    }
    for (const t of workers) {
      if (!ours.has(t.targetId) || this.workers.has(t.targetId)) continue;
      const attached = await this.cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false }).catch(() => null);
      if (!attached) continue;
      // A property read, nothing that calls into the worker's wasm (which may be
      // busy: the debugger's evaluation runs in between).
      const mark = await this.ask(attached.sessionId, 'Runtime.evaluate', { expression: 'self.__benchCoordinator === true', returnByValue: true }).catch(() => null);
      this.workers.set(t.targetId, { sessionId: attached.sessionId, peak: 0, coordinator: mark?.result?.value === true });
    }
    await Promise.all(
      [...this.workers.values()].map(async (w) => {
        const r = await this.ask(w.sessionId, 'Runtime.getHeapUsage').catch(() => null);
        if (r) w.peak = Math.max(w.peak, r.usedSize);
      }),
    );
  }

  ask(sessionId, method, params) {
    const id = this.nextId++;
    const answer = new Promise((resolve) => this.pending.set(`${sessionId}:${id}`, resolve));
    const message = JSON.stringify({ id, method, params });
    return this.cdp
      .send('Target.sendMessageToTarget', { sessionId, message })
      .then(() => withTimeout(answer))
      .finally(() => this.pending.delete(`${sessionId}:${id}`));
  }
}

function withTimeout(promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), ANSWER_MS))]);
}
