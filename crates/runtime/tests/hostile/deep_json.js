// expect: runtime-exception
function lambda(input, callback) { callback(null, JSON.parse('['.repeat(1000000))); }
