// expect: runtime-exception BigInt
function lambda(input, callback) { callback(null, { n: 10n }); }
