// Messaging Survey Ended: the post-conversation survey finished. The survey bot ignores the answer.
function lambda(input, callback) {
  const { general = {} } = input.payload || {};
  console.info(`survey ended for conversation ${general.convId}`);
  callback(null, 'ok');
}
