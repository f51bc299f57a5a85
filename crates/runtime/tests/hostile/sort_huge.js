// expect: executiontime-exceeded
function lambda(input, callback) { for (;;) { const a = []; for (let i = 0; i < 100000; i++) a.push(Math.random()); a.sort(); } }
