// expect: executiontime-exceeded
function lambda(input, callback) { for (;;) { try { while (true) {} } catch (e) { } } }
