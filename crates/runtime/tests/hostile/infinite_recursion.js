// expect: runtime-exception Maximum call stack size exceeded
function lambda(input, callback) { const f = (n) => f(n + 1) + 1; f(0); }
