// Keyword Scanner (Messaging Conversation End): reads the ended conversation's transcript and
// reports the messages that contain one of the keywords (environment variable KEYWORDS,
// comma-separated regular expressions). Needs the app key secret `lp-faas-default-app-key`.
const { Toolbelt, ConversationContentTypes } = require('lp-faas-toolbelt');
const conversationUtil = Toolbelt.ConversationUtil();

async function lambda(input, callback) {
  const keywords = (process.env.KEYWORDS || 'cancel,refund,complaint').split(',').map((k) => k.trim()).filter(Boolean);
  try {
    const conversationId = input.payload.general.convId;
    const conversation = await conversationUtil.getConversationById(conversationId, [ConversationContentTypes.MESSAGE_RECORDS]);
    const hits = conversationUtil.scanConversationForKeywords(conversation, keywords);
    console.info(`conversation ${conversationId}: ${hits.length} keyword hit(s)`);
    callback(null, { conversationId, hits });
  } catch (error) {
    callback(error, null);
  }
}
