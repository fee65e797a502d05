/**
 * Where a service's memory goes, from the Node.js process metrics every
 * service exposes on /metrics (prom-client's defaults): the V8 heap in use and
 * reserved, and memory outside the heap (Buffers, WebAssembly such as Prisma's
 * query compiler). What RSS holds beyond these is code, the runtime and
 * allocator slack.
 */
export interface MemoryBreakdown {
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

const metric = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};

export async function memoryBreakdown(instanceUrl: string): Promise<MemoryBreakdown> {
  const text = await (await fetch(`${instanceUrl}/metrics`)).text();
  return {
    heapUsedBytes: metric(text, 'nodejs_heap_size_used_bytes'),
    heapTotalBytes: metric(text, 'nodejs_heap_size_total_bytes'),
    externalBytes: metric(text, 'nodejs_external_memory_bytes'),
  };
}
