import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Runs a Python script that prints one JSON document, with the given environment, and answers what it printed. */
export async function runPythonJson(script: string, env: Record<string, string>): Promise<any> {
  const { stdout } = await promisify(execFile)('python3', [script], { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}
