// Third-Party Bots Custom Integration: a bot answering the consumer's message.
function lambda(input, callback) {
  const { message = '', context = {} } = input.payload || {};
  const turns = (context.turns || 0) + 1;
  if (/agent|human/i.test(message)) {
    callback(null, { messages: ['Let me get you an agent.'], context: { turns }, action: { name: 'TRANSFER', parameters: { skill: process.env.HUMAN_SKILL || 'human' } } });
    return;
  }
  callback(null, { messages: [`You said: ${message}`], context: { turns } });
}
