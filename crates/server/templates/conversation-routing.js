// Messaging Conversation Routing: the conversation moved to another skill.
function lambda(input, callback) {
  const { routing = {} } = input.payload || {};
  callback(null, [{ type: 'systemMessage', text: `You are being transferred (skill ${routing.oldSkillId} → ${routing.newSkillId}). An agent will be with you shortly.` }]);
}
