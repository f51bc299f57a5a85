// ascii/latin1/binary/hex round trips and toString ranges over all 256 byte values.
function lambda(input, callback) {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const s = 'Aé€😀\u0000\u00ff';
  callback(null, {
    ascii: all.toString('ascii').split('').map((c) => c.charCodeAt(0)).slice(120, 140),
    latin1: all.toString('latin1').length, latin1Back: Buffer.from(all.toString('latin1'), 'latin1').equals(all),
    hexBack: Buffer.from(all.toString('hex'), 'hex').equals(all), b64Back: Buffer.from(all.toString('base64'), 'base64').equals(all),
    encode: ['ascii', 'latin1', 'binary', 'utf16le', 'hex'].map((e) => Buffer.from(s, e).toString('hex')),
    utf16odd: Buffer.from([0x41, 0, 0x42]).toString('utf16le'),
    write: (() => { const b = Buffer.alloc(4); return [b.write('€uro', 'latin1'), b.toString('hex'), b.write('ab', 3, 'ascii'), b.toString('hex')]; })(),
  });
}
