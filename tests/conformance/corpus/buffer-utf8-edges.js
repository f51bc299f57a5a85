// UTF-8 decoding of malformed input, overlong forms, surrogates, and encoding of lone surrogates.
function lambda(input, callback) {
  const seqs = [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xc3], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xef, 0xbb, 0xbf, 0x41], [0xc3, 0xa9, 0xff, 0xc3, 0xa9]];
  callback(null, {
    decoded: seqs.map((s) => Buffer.from(s).toString('utf8')),
    codeUnits: seqs.map((s) => Array.from(Buffer.from(s).toString(), (c) => c.charCodeAt(0))),
    encodedLone: ['\ud800', '\udfff', 'a\ud800b', '\udbff\udfff', '\udfff\ud800'].map((s) => Buffer.from(s).toString('hex')),
    textDecoder: [new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).length],
    textEncoder: Array.from(new TextEncoder().encode('a\ud800')),
  });
}
