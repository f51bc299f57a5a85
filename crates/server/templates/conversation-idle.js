// Messaging Conversation Idle: an agent or consumer has not answered for a while. Transfers the
// conversation to another skill (environment variable IDLE_SKILL_ID) when the agent is idle,
// nudges the consumer otherwise.
function lambda(input, callback) {
  const { idle = {} } = input.payload || {};
  if (idle.agentNonResponsive && process.env.IDLE_SKILL_ID) {
    callback(null, [
      { type: 'systemMessage', text: 'Sorry for the wait: we are moving you to the next available agent.' },
      { type: 'transfer', skillId: process.env.IDLE_SKILL_ID },
    ]);
    return;
  }
  callback(null, [{ type: 'systemMessage', text: 'Are you still there? Reply to continue the conversation.' }]);
}
