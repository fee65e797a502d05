/** A request body no well-behaved client sends, as bytes on the wire. */
export interface RawBody {
  name: string;
  body: string | Uint8Array<ArrayBuffer>;
  /** null sends no Content-Type at all. */
  contentType?: string | null;
}

const NESTING = 10_000;

/** Bodies that are malformed, mistyped, polluting or absurdly deep: each must get a 4xx that says why (or, if harmless, a normal answer). */
export const RAW_BODIES: RawBody[] = [
  { name: 'truncated JSON', body: '{"a":' },
  { name: 'not JSON', body: 'hello=world&x=1' },
  { name: 'an empty JSON body', body: '' },
  { name: 'JSON null', body: 'null' },
  { name: 'a JSON array', body: '[1,2,3]' },
  { name: 'a JSON number', body: '42' },
  { name: 'a JSON string', body: '"text"' },
  { name: 'JSON true', body: 'true' },
  { name: 'a NaN literal', body: '{"amount": NaN, "limit": Infinity}' },
  { name: 'duplicate keys', body: '{"a":1,"a":{"b":2}}' },
  { name: 'a __proto__ key', body: '{"__proto__":{"isAdmin":true,"role":"admin"}}' },
  { name: 'a constructor.prototype key', body: '{"constructor":{"prototype":{"isAdmin":true}}}' },
  { name: `${NESTING} nested arrays`, body: '['.repeat(NESTING) + ']'.repeat(NESTING) },
  { name: `${NESTING} nested objects`, body: '{"a":'.repeat(NESTING) + '1' + '}'.repeat(NESTING) },
  { name: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]) },
  { name: 'a UTF-8 byte order mark', body: '\ufeff{}' },
  { name: 'text/plain', body: '{}', contentType: 'text/plain' },
  { name: 'a form', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { name: 'multipart', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
  { name: 'no Content-Type', body: '{}', contentType: null },
  { name: 'JSON declared as UTF-16', body: '{}', contentType: 'application/json; charset=utf-16' },
  { name: 'a vendor JSON type', body: '{}', contentType: 'application/vnd.api+json' },
];

/** Query strings a browser would never build. */
export const RAW_QUERIES: Array<{ name: string; query: string }> = [
  { name: 'repeated keys', query: 'limit=1&limit=2&cursor=a&cursor=b' },
  { name: 'bracket syntax', query: 'limit[]=1&cursor[a]=b' },
  { name: 'a __proto__ key', query: '__proto__[isAdmin]=true&constructor[prototype][role]=admin' },
  { name: 'broken percent-encoding', query: 'cursor=%E0%A4%A&limit=%zz' },
  { name: 'a NUL byte', query: 'cursor=%00&limit=1%00' },
  { name: 'a forged cursor', query: `cursor=${Buffer.from('{"k":["\' OR 1=1 --",null,{"$gt":""}]}').toString('base64url')}` },
  { name: 'a non-base64 cursor', query: 'cursor=!!!not-base64!!!' },
  { name: 'numbers at the edge', query: 'limit=1e309&offset=-0&months=NaN&afterSeq=Infinity' },
  { name: 'a 12 KB value', query: `cursor=${'a'.repeat(12_000)}` },
  { name: 'an 80 KB URL', query: `x=${'a'.repeat(80_000)}` },
];

/** A JSON object of exactly `bytes` bytes: `fields` plus a padding string that fills the rest. */
export function paddedJson(fields: Record<string, unknown>, bytes: number): string {
  const shell = JSON.stringify({ ...fields, padding: '' });
  const fill = bytes - Buffer.byteLength(shell);
  if (fill < 0) throw new Error(`the fields alone take ${Buffer.byteLength(shell)} bytes, more than ${bytes}`);
  return JSON.stringify({ ...fields, padding: 'a'.repeat(fill) });
}
