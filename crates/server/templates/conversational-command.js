// Conversational Command: an agent typed "/<function name> arguments" in the agent workspace.
// The answer (a string or a number) is shown to the agent only.
function lambda(input, callback) {
  const { conversationId, arguments: args = [] } = input.payload || {};
  callback(null, `Conversation ${conversationId}: received ${args.length} argument(s): ${args.join(' ')}`);
}
