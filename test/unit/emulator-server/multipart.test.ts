import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart } from '../../../emulator/server/upload/multipart.js';

describe('multipart/related parser', () => {
  it('parses the body the Node client (teeny-request) sends', () => {
    const b = '0d3b5c8e-uuid';
    const data = '{"a":1}\n{"a":2}\n';
    const body = Buffer.from(
      `--${b}\r\nContent-Type: application/json\r\n\r\n{"configuration":{"load":{}}}\r\n` +
        `--${b}\r\nContent-Type: application/octet-stream\r\n\r\n${data}\r\n--${b}--`,
    );
    const parts = parseMultipart(body, boundaryOf(`multipart/related; boundary=${b}`));
    expect(parts).toHaveLength(2);
    expect(parts[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(parts[0]!.body.toString())).toEqual({ configuration: { load: {} } });
    expect(parts[1]?.body.toString()).toBe(data);
  });

  it('keeps binary data intact and accepts quoted boundaries', () => {
    const bin = Buffer.from([0, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from('--xyz\r\nContent-Type: application/json\r\n\r\n{}\r\n--xyz\r\n\r\n'),
      bin,
      Buffer.from('\r\n--xyz--\r\n'),
    ]);
    const parts = parseMultipart(body, boundaryOf('multipart/related; boundary="xyz"'));
    expect(parts[1]?.body.equals(bin)).toBe(true);
  });

  it('rejects requests without a boundary', () => {
    expect(() => boundaryOf('application/json')).toThrow(/multipart/);
    expect(() => parseMultipart(Buffer.from('nothing'), 'b')).toThrow(/boundary/);
  });
});
