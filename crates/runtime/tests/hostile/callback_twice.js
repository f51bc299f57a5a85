// expect: ok
function lambda(input, callback) { callback(null, 'first'); callback(null, 'second'); }
