// expect: executiontime-exceeded
function lambda(input, callback) { setTimeout(() => { for (;;) {} }, 1); }
