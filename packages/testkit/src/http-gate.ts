import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A pass-through HTTP proxy that a test can close like a gate: while held,
 * requests wait at the gate; release() lets them through. It makes "while a
 * run is in progress" a state the test controls instead of a race it hopes
 * to win.
 */
export class HttpGate {
  private server: Server | undefined;
  private held: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private waiting = 0;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        if (this.held) {
          this.waiting++;
          await this.held;
          this.waiting--;
        }
        const upstream = httpRequest(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          res.writeHead(502).end();
        });
        req.pipe(upstream);
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  /** Requests arriving from now on wait until release(). */
  hold(): void {
    if (!this.held) this.held = new Promise<void>((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.held = undefined;
    this.open = undefined;
  }

  /** How many requests are waiting at the gate. */
  get queued(): number {
    return this.waiting;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
