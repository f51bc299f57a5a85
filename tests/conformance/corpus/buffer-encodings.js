// Buffer encodings and their edge cases (invalid hex, lenient base64, latin1/ascii/utf16le).
function lambda(input, callback) {
  const s = 'héllo wörld ✓ 🎉';
  const b = Buffer.from(s);
  callback(null, {
    utf8: [b.length, b.toString('hex'), b.toString('base64'), b.toString('base64url'), b.toString('latin1'), b.toString('ascii'), Buffer.from(s, 'utf16le').toString('hex')],
    hex: [Buffer.from('0aFFzz12', 'hex').toString('hex'), Buffer.from('abc', 'hex').length, Buffer.from('', 'hex').length],
    base64: [Buffer.from('aGVsbG8', 'base64').toString(), Buffer.from('aGVs bG8=\n', 'base64').toString(), Buffer.from('aGVsbG8-_w', 'base64').toString('hex'), Buffer.from('YQ==YQ==', 'base64').toString(), Buffer.from('!!!', 'base64').length],
    latin1: [Buffer.from('ÿé€', 'latin1').toString('hex'), Buffer.from('ÿé', 'binary').toString('binary')],
    utf16: [Buffer.from('a✓', 'ucs2').toString('hex'), Buffer.from([0x61, 0x00, 0x62]).toString('utf16le')],
    invalidUtf8: [Buffer.from([0xff, 0x61, 0xc3]).toString(), Buffer.from([0xe2, 0x82, 0x41]).toString(), Buffer.from([0xf0, 0x9f, 0x8e]).toString().length, Buffer.from([0xed, 0xa0, 0x80]).toString()],
    lone: Buffer.from('\ud800x').toString('hex'),
    byteLength: [Buffer.byteLength('✓'), Buffer.byteLength('aGVsbG8=', 'base64'), Buffer.byteLength('abcd', 'hex'), Buffer.byteLength(new Uint8Array(7))],
    isEncoding: ['utf8', 'UTF-8', 'hex', 'binary', 'ucs2', 'nope', 'base64url'].map((e) => Buffer.isEncoding(e)),
    unknown: (() => { try { Buffer.from('x', 'nope'); } catch (e) { return [e.name, e.message]; } })(),
    btoa: [btoa('hello'), atob('aGVsbG8='), atob(' aGVs bG8= ')],
  });
}
