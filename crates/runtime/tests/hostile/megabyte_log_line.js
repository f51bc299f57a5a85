// expect: log-limit-reached
function lambda(input, callback) { console.info('x'.repeat(1 << 20)); callback(null, 'ok'); }
