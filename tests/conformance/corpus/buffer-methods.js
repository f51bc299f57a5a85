// Buffer construction, slicing, copy, compare, search, fill, JSON.
function lambda(input, callback) {
  const a = Buffer.from([1, 2, 3, 4, 5]);
  const sub = a.subarray(1, 3);
  sub[0] = 99;
  const target = Buffer.alloc(6);
  const copied = a.copy(target, 2, 1, 4);
  const ab = new ArrayBuffer(8);
  const view = Buffer.from(ab, 2, 4);
  view[0] = 7;
  callback(null, {
    shared: [a[1], a.slice(-2).toJSON().data, a.slice(2).length, a.subarray(10).length],
    copy: [copied, Array.from(target)],
    arrayBuffer: [new Uint8Array(ab)[2], view.length, view.byteOffset],
    compare: [Buffer.compare(Buffer.from('a'), Buffer.from('b')), Buffer.from('abc').compare(Buffer.from('ab')), Buffer.from('x').equals(Buffer.from('x')), [Buffer.from('b'), Buffer.from('a'), Buffer.from('ab')].sort(Buffer.compare).map(String)],
    search: [Buffer.from('hello world').indexOf('o'), Buffer.from('hello world').indexOf('o', 5), Buffer.from('hello world').indexOf(Buffer.from('wor')), Buffer.from('abc').indexOf(98), Buffer.from('hello').includes('ell'), Buffer.from('hello').indexOf('z'), Buffer.from('hello').lastIndexOf('l')],
    fill: [Buffer.alloc(5, 'ab').toString(), Buffer.alloc(4, 0x41).toString(), Buffer.alloc(3).fill('é').toString('hex'), Buffer.alloc(6, 'YQ==', 'base64').toString(), Buffer.alloc(2).fill(257).toJSON().data],
    concat: [Buffer.concat([Buffer.from('ab'), Buffer.from('cd')], 3).toString(), Buffer.concat([]).length, Buffer.concat([Buffer.from('x')], 4).toJSON().data],
    json: [JSON.stringify(Buffer.from('hi')), Buffer.from({ type: 'Buffer', data: [104, 105] }).toString(), Buffer.from(JSON.parse(JSON.stringify(Buffer.from('ok')))).toString()],
    write: (() => { const b = Buffer.alloc(8); const n = b.write('héllo', 1); const m = b.write('ff', 6, 'hex'); return [n, m, b.toString('hex')]; })(),
    toStringRange: [Buffer.from('hello').toString('utf8', 1, 3), Buffer.from('hello').toString(undefined, 3), Buffer.from('hello').toString('hex', -1, 100)],
    isBuffer: [Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.from('x') instanceof Uint8Array],
    fromArrayLike: [Buffer.from([256, -1, 1.7, '3']).toJSON().data, Buffer.from(new Uint16Array([1, 258])).toJSON().data, Buffer.from('abc').map((x) => x + 1).constructor.name],
    allocErr: (() => { try { Buffer.alloc(-1); } catch (e) { return [e.name, e.code]; } })(),
  });
}
