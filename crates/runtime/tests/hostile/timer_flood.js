// expect: executiontime-exceeded
function lambda(input, callback) { setInterval(() => {}, 0); }
