// expect: executiontime-exceeded
function lambda(input, callback) { }
