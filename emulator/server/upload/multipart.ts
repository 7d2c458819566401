/**
 * Parser for the `multipart/related` bodies media uploads use: a JSON metadata part and a
 * data part. Works on Buffers so the data part is never decoded or copied needlessly.
 */
import { invalid } from '../errors.js';

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || !/^multipart\//i.test(contentType ?? '')) {
    throw invalid('A multipart upload needs a Content-Type of multipart/related with a boundary.');
  }
  return boundary;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw invalid('Malformed multipart body: boundary not found.');
  for (;;) {
    pos += delimiter.length;
    // `--` right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    pos = skipLineBreak(body, pos);
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(delimiter, pos);
    if (next === -1) {
      // Tolerate a missing closing delimiter: the rest is the last part.
      if (headerEnd === -1) break;
      parts.push({ headers: parseHeaders(body.subarray(pos, headerEnd)), body: body.subarray(headerEnd + 4) });
      break;
    }
    let headers: Record<string, string> = {};
    let contentStart = pos;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
      contentStart = pos + 2; // a part without headers starts with an empty line
    } else if (headerEnd !== -1 && headerEnd < next) {
      headers = parseHeaders(body.subarray(pos, headerEnd));
      contentStart = headerEnd + 4;
    }
    // The CRLF before the next delimiter belongs to the delimiter, not the content.
    let contentEnd = next;
    if (body[contentEnd - 2] === 0x0d && body[contentEnd - 1] === 0x0a) contentEnd -= 2;
    else if (body[contentEnd - 1] === 0x0a) contentEnd -= 1;
    parts.push({ headers, body: body.subarray(contentStart, Math.max(contentStart, contentEnd)) });
    pos = next;
  }
  return parts;
}

function skipLineBreak(buf: Buffer, pos: number): number {
  if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) return pos + 2;
  if (buf[pos] === 0x0a) return pos + 1;
  return pos;
}

function parseHeaders(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
