// expect: executiontime-exceeded
function lambda(input, callback) { while (true) {} }
