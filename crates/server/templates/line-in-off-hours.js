// Messaging Line in Off-Hours: the consumer wrote while the skill is closed.
function lambda(input, callback) {
  callback(null, [{ type: 'systemMessage', text: 'We are closed right now. Leave your question and we will answer when we open.' }]);
}
