// uuid v3/v5 with byte-array namespaces and names, buffers and offsets, many names.
function lambda(input, callback) {
  const { v3, v5, parse } = require('uuid');
  const ns = parse('6ba7b811-9dad-11d1-80b4-00c04fd430c8');
  const names = ['', 'a', 'ü', '🎉', 'x'.repeat(200), 'https://example.com/a?b=c#d'];
  const out = new Uint8Array(18);
  v5('buffered', v5.URL, out, 2);
  callback(null, {
    v3: names.map((n) => v3(n, v3.URL)), v5: names.map((n) => v5(n, ns)),
    bytesName: [v3([1, 2, 3], v3.DNS), v5(new Uint8Array([1, 2, 3]), v5.DNS)],
    out: Array.from(out), consts: [v3.DNS, v3.URL, v5.DNS, v5.URL],
  });
}
