// expect: runtime-exception
function lambda(input, callback) { const b = new ArrayBuffer(2 ** 31); callback(null, b.byteLength); }
