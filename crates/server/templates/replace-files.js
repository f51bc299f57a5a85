// Replace Files for Conversation (Messaging Conversation End): replaces every file the consumer
// shared in the conversation with a 1×1 black image (GDPR). Permanent. Needs the app key secret
// `lp-faas-default-app-key` and the secret `swift-credentials` holding JSON {"username", "password"}.
const { Toolbelt, ConversationContentTypes } = require('lp-faas-toolbelt');
const conversationUtil = Toolbelt.ConversationUtil();
const gdprUtil = Toolbelt.GDPRUtil();
const secretClient = Toolbelt.SecretClient();

async function lambda(input, callback) {
  try {
    const conversationId = input.payload.general.convId;
    const conversation = await conversationUtil.getConversationById(conversationId, [ConversationContentTypes.MESSAGE_RECORDS]);
    const { value } = await secretClient.readSecret('swift-credentials');
    const replaced = await gdprUtil.replaceConversationFiles(conversation, JSON.parse(value));
    console.info(`replaced ${replaced.length} file(s) of ${conversationId}`);
    callback(null, { conversationId, replaced });
  } catch (error) {
    callback(error, null);
  }
}
