// expect: runtime-exception
function lambda(input, callback) { let s = 'x'; for (;;) s += s; }
