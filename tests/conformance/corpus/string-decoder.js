// StringDecoder with multi-byte characters split across writes (UTF-8, UTF-16LE, base64).
function lambda(input, callback) {
  const { StringDecoder } = require('string_decoder');
  const bytes = Buffer.from('a€b🎉c✓');
  const out = [];
  for (let size = 1; size <= 5; size++) {
    const d = new StringDecoder('utf8');
    const parts = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(d.write(bytes.subarray(i, i + size)));
    parts.push(d.end());
    out.push(parts);
  }
  const d2 = new StringDecoder('utf8');
  const incomplete = [d2.write(Buffer.from([0xe2, 0x82])), d2.end(), d2.write(Buffer.from([0xf0])), d2.write(Buffer.from('A')), d2.end(Buffer.from([0xc3]))];
  const u16 = new StringDecoder('utf16le');
  const u16bytes = Buffer.from('x🎉y', 'utf16le');
  const u16parts = Array.from(u16bytes, (b) => u16.write(Buffer.from([b]))).concat(u16.end());
  const b64 = new StringDecoder('base64');
  const b64parts = [b64.write(Buffer.from('ab')), b64.write(Buffer.from('cde')), b64.end()];
  const hex = new StringDecoder('hex');
  callback(null, {
    out, incomplete, u16parts, b64parts, hex: [hex.write(Buffer.from([1, 255])), hex.end()],
    encoding: [new StringDecoder().encoding, new StringDecoder('UTF-8').encoding, new StringDecoder('ucs2').encoding, new StringDecoder('binary').encoding],
    unknown: (() => { try { new StringDecoder('nope'); } catch (e) { return [e.name, e.code]; } })(),
    invalid: (() => { const d = new StringDecoder('utf8'); return [d.write(Buffer.from([0xe2])), d.write(Buffer.from([0x41, 0x42])), d.end()]; })(),
  });
}
