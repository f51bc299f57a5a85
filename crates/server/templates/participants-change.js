// Messaging Participants Change: an agent joined or left.
function lambda(input, callback) {
  const { participantChange = {} } = input.payload || {};
  const agents = (participantChange.newParticipants || []).filter((p) => p.role === 'ASSIGNED_AGENT');
  callback(null, agents.length ? [{ type: 'systemMessage', text: 'An agent has joined the conversation.' }] : []);
}
