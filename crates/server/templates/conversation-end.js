// Messaging Conversation End: runs when a conversation closes. The conversation is over, so no
// message can be sent; record what you need and answer with no commands.
function lambda(input, callback) {
  const { general = {}, end = {} } = input.payload || {};
  console.info(`conversation ${general.convId} closed by ${end.closeReason}`);
  callback(null, []);
}
