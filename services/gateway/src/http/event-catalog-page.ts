/**
 * The readable side of the event catalog (GET /docs/events): one HTML page
 * rendered from the AsyncAPI document itself, so it cannot say anything the
 * document does not. Self-contained: inline styles, no script, no font or
 * file from anywhere else; <details> does the folding.
 */

type Schema = Record<string, any>;
type Doc = Record<string, any>;

const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The catalog's prose uses two bits of Markdown: `code` and **bold**. */
const prose = (text: string) =>
  text
    .split(/\n{2,}/)
    .map(
      (paragraph) =>
        `<p>${escapeHtml(paragraph)
          .replace(/`([^`]+)`/g, '<code>$1</code>')
          .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')}</p>`,
    )
    .join('\n');

const anchor = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-');

function typeOf(schema: Schema): string {
  if (!schema || typeof schema !== 'object') return 'any';
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) return union.map(typeOf).join(' | ');
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) return `array of ${typeOf(schema.items)}`;
  if (schema.format && types.length) return `${types.join(' | ')} (${schema.format})`;
  return types.join(' | ') || 'any';
}

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** One row per field, nested objects and arrays of objects flattened as `a.b` and `items[].sku`. */
function fieldRows(schema: Schema, prefix = '', rows: FieldRow[] = []): FieldRow[] {
  const required = new Set<string>(schema?.required ?? []);
  for (const [name, child] of Object.entries<Schema>(schema?.properties ?? {})) {
    const path = prefix + name;
    rows.push({ path, type: typeOf(child), required: required.has(name), description: child?.description ?? '' });
    const nullable = (child?.anyOf ?? child?.oneOf ?? []).find((option: Schema) => option?.properties || option?.items?.properties);
    const inner = nullable ?? child;
    if (inner?.properties) fieldRows(inner, `${path}.`, rows);
    else if (inner?.items?.properties) fieldRows(inner.items, `${path}[].`, rows);
  }
  return rows;
}

function fieldTable(schema: Schema): string {
  const rows = fieldRows(schema);
  if (!rows.length) return `<p class="muted">${escapeHtml(typeOf(schema))}</p>`;
  const body = rows
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.path)}</code></td><td>${escapeHtml(row.type)}</td><td>${row.required ? 'yes' : 'optional'}</td><td>${escapeHtml(row.description)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${body}</tbody></table>`;
}

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
const exampleOf = (message: Schema) => message.examples?.[0]?.payload;

function eventSection(channelId: string, channel: Doc): string {
  const versions = Object.values<Schema>(channel.messages)
    .map((message) => {
      const data = message.payload?.properties?.data ?? {};
      const example = exampleOf(message);
      return `<section class="version">
<h4>version ${escapeHtml(message['x-version'])}${message['x-retires-at'] ? ` <span class="tag warn">retires ${escapeHtml(message['x-retires-at'])}</span>` : ''}</h4>
<p>${escapeHtml(message.description ?? '')}</p>
<h5>data</h5>${fieldTable(data)}
${example ? `<details><summary>example message</summary>${json(example)}</details>` : ''}
<details><summary>JSON Schema of the message</summary>${json(message.payload)}</details>
</section>`;
    })
    .join('\n');
  const publishers = (channel.tags ?? []).map((tag: Schema) => tag.name).filter((name: string) => name !== 'events');
  return `<article id="${anchor(channelId)}"><h3><code>${escapeHtml(channel.address)}</code></h3>
<p><span class="tag">published by ${escapeHtml(publishers.join(', '))}</span> ${escapeHtml(channel.summary ?? '')}</p>${versions}</article>`;
}

function operationSection(doc: Doc, operationId: string, operation: Doc): string {
  const channel = doc.channels[operation.channel.$ref.split('/').pop()];
  const request = channel.messages.request;
  const reply = doc.channels[operation.reply.channel.$ref.split('/').pop()].messages.reply;
  const data = reply.payload.oneOf?.[0]?.properties?.data ?? {};
  const requestExample = exampleOf(request);
  const replyExample = exampleOf(reply);
  return `<article id="${anchor(operationId)}"><h4><code>${escapeHtml(channel.address)}</code> <span class="muted">${escapeHtml(operation.summary ?? '')}</span></h4>
<details><summary>input, reply and examples</summary>
<p>${escapeHtml(operation.description ?? '')}</p>
<h5>input</h5>${fieldTable(request.payload.properties.input)}
<h5>reply data</h5>${fieldTable(data)}
${requestExample ? `<h5>example request</h5>${json(requestExample)}` : ''}
${replyExample ? `<h5>example reply</h5>${json(replyExample)}` : ''}
</details></article>`;
}

const STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1.5rem}header p{max-width:900px}
h1{margin-top:0}h3{margin:1.5rem 0 .3rem}h4{margin:.8rem 0 .3rem}h5{margin:.6rem 0 .2rem;font-size:.85rem;text-transform:uppercase;color:#57606a}
article{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.4rem 1rem;margin:.6rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;border-bottom:1px solid #eaeef2;padding:.25rem .4rem;vertical-align:top}
pre{background:#f6f8fa;padding:.6rem;border-radius:4px;overflow:auto;font-size:.85rem}code{font-family:ui-monospace,Menlo,Consolas,monospace}
.tag{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 .5rem;font-size:.8rem}.warn{background:#fff1c2}
.muted{color:#57606a;font-weight:normal}nav ul{columns:3;padding-left:1.2rem}summary{cursor:pointer;color:#0550ae}`;

export function renderEventCatalogPage(doc: Doc): string {
  const channels = Object.entries<Doc>(doc.channels);
  const events = channels.filter(([, channel]) => (channel.tags ?? []).some((tag: Schema) => tag.name === 'events'));
  const operations = Object.entries<Doc>(doc.operations).filter(([, operation]) => operation.action === 'receive');
  const services = [...new Set(operations.map(([, operation]) => operation.tags[0].name as string))].sort();
  const byService = services
    .map((service) => {
      const own = operations.filter(([, operation]) => operation.tags[0].name === service);
      return `<h3 id="svc-${anchor(service)}">${escapeHtml(service)}</h3>${own.map(([id, operation]) => operationSection(doc, id, operation)).join('\n')}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title><style>${STYLE}</style></head>
<body><main>
<header><h1>${escapeHtml(doc.info.title)}</h1>
<p class="muted">AsyncAPI ${escapeHtml(doc.asyncapi)} document: <a href="/docs/events.json">/docs/events.json</a> · REST API: <a href="/docs">/docs</a></p>
${prose(doc.info.description)}</header>
<nav><h2>Events (${events.length})</h2><ul>${events.map(([id, channel]) => `<li><a href="#${anchor(id)}"><code>${escapeHtml(channel.address)}</code></a></li>`).join('')}</ul>
<h2>Operations (${operations.length})</h2><ul>${services.map((service) => `<li><a href="#svc-${anchor(service)}">${escapeHtml(service)}</a></li>`).join('')}</ul></nav>
<section><h2>Events</h2>${events.map(([id, channel]) => eventSection(id, channel)).join('\n')}</section>
<section><h2>Operations</h2>${byService}</section>
</main></body></html>`;
}
