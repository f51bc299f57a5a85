// Greeting Template: the smallest function there is.
function lambda(input, callback) {
  callback(null, 'Hello World');
}
