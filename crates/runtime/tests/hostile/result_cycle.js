// expect: runtime-exception
function lambda(input, callback) { const a = {}; a.a = a; callback(null, a); }
