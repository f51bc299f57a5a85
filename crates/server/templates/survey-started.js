// Messaging Survey Started: the post-conversation survey began. The survey bot ignores the answer.
function lambda(input, callback) {
  const { general = {} } = input.payload || {};
  console.info(`survey started for conversation ${general.convId}`);
  callback(null, 'ok');
}
