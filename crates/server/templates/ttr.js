// Messaging TTR: the time to respond changed (urgent or not).
function lambda(input, callback) {
  const { ttr = {} } = input.payload || {};
  const urgent = ttr.newTtr && ttr.newTtr.ttrType === 'URGENT';
  callback(null, [{ type: 'systemMessage', text: urgent ? 'Your conversation is now marked urgent.' : 'Thanks: we will answer as soon as we can.' }]);
}
