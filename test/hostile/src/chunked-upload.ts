import { request } from 'node:http';

/**
 * POSTs about `totalBytes` of a JSON string value with chunked transfer
 * encoding (no Content-Length, so the server can only count as bytes arrive)
 * and resolves with the answer. Small chunks, and no more than asked: a
 * server that refuses early and closes on unread bytes resets the connection,
 * which can lose its answer on the way. A broken pipe after the answer is
 * expected, so node:http is used rather than fetch, which reports it instead.
 */
export async function postChunked(url: string, totalBytes: number, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  // The server answers 413 and closes; when our next write meets the closed
  // socket before the answer is read, the answer is lost with it (EPIPE).
  // That says nothing about the server, so such an attempt is made again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await postChunkedOnce(url, totalBytes, timeoutMs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

function postChunkedOnce(url: string, totalBytes: number, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, timeout: timeoutMs });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || 'null') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = 'x'.repeat(16 * 1024);
    let sent = 0;
    const writeMore = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(sent === chunk.length ? `{"refreshToken":"${chunk}` : chunk)) return void req.once('drain', writeMore);
      }
      if (!answered) req.end('"}');
    };
    writeMore();
  });
}
