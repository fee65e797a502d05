import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fixtureFile } from './seed-files.js';

export interface SeedStyleTemplate {
  url: string;
  /** Path and query of every request it answered, in order, with the status. */
  requests: Array<{ request: string; status: number }>;
  stop(): Promise<void>;
}

/**
 * The seed-style Template (fixtures/seed_style_template.py, Python standard
 * library) as a subprocess on a free port: the OS picks the port (PORT=0) and
 * the server prints it. `env` sets its API key, page cap, sizes or data file.
 */
export async function startSeedStyleTemplate(env: Record<string, string>): Promise<SeedStyleTemplate> {
  const child: ChildProcess = spawn('python3', [fixtureFile('seed_style_template.py')], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requests: SeedStyleTemplate['requests'] = [];
  let errors = '';
  child.stderr!.on('data', (chunk) => {
    errors += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the seed-style Template did not start within 30 s: ${errors}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the seed-style Template exited with ${code}: ${errors}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line);
      if (typeof event.listening === 'number') {
        clearTimeout(timer);
        resolve(event.listening);
      } else requests.push(event);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
