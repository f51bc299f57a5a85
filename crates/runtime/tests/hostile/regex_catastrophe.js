// expect: executiontime-exceeded
function lambda(input, callback) { callback(null, /(a+)+b/.test('a'.repeat(40))); }
