// Messaging New Conversation: a consumer opened a conversation. Greets first-time consumers and
// says so when the skill is off hours.
function lambda(input, callback) {
  const { general = {}, start = {} } = input.payload || {};
  const commands = [];
  if (general.inOffHours) commands.push({ type: 'systemMessage', text: 'We are offline right now; an agent will answer when we open.' });
  else if (start.firstConversation) commands.push({ type: 'systemMessage', text: 'Welcome! An agent will be with you shortly.' });
  callback(null, commands);
}
