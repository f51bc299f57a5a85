// Messaging Consumer Step Up: an unauthenticated consumer signed in during the conversation.
function lambda(input, callback) {
  callback(null, [{ type: 'systemMessage', text: 'Thanks for signing in: we can now look at your account.' }]);
}
