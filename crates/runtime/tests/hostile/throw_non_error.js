// expect: runtime-exception
function lambda(input, callback) { throw 'a string'; }
