// expect: runtime-exception process.exit
function lambda(input, callback) { process.exit(1); }
