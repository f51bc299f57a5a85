// StringDecoder: latin1/hex/ascii pass-through, end() with data, write after end, string input.
function lambda(input, callback) {
  const { StringDecoder } = require('string_decoder');
  const l = new StringDecoder('latin1');
  const a = new StringDecoder('ascii');
  const u = new StringDecoder('utf8');
  const euro = Buffer.from('€');
  callback(null, {
    latin1: [l.write(Buffer.from([0xe9, 0xff])), l.end(Buffer.from([0x41]))],
    ascii: [a.write(Buffer.from([0xe9, 0x41])), a.end()],
    utf8: [u.write(euro.subarray(0, 1)), u.end(euro.subarray(1)), u.write(Buffer.from('ok')), u.end()],
    strIn: new StringDecoder('utf8').write('already a string'),
    emoji: (() => { const d = new StringDecoder('utf8'); const e = Buffer.from('🎉'); return [d.write(e.subarray(0, 2)), d.write(e.subarray(2, 3)), d.write(e.subarray(3)), d.end()]; })(),
    b64url: (() => { const d = new StringDecoder('base64url'); return [d.write(Buffer.from([0xfb])), d.write(Buffer.from([0xff, 0xfe, 1])), d.end()]; })(),
    u16end: (() => { const d = new StringDecoder('utf16le'); return [d.write(Buffer.from([0x61])), d.end()]; })(),
  });
}
