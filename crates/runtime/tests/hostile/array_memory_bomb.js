// expect: runtime-exception out of memory
function lambda(input, callback) { const a = []; for (;;) a.push(new Array(10000).fill(1)); }
