// Toolbelt.ConversationUtil().scanConversationForKeywords against the real toolbelt's: text and
// hosted-file captions, case-insensitive regular expressions, one entry per keyword hit, the
// keyword-major order, and the errors for missing arguments.
const { Toolbelt } = require('lp-faas-toolbelt');

exports.payload = {
  conversationHistoryRecords: [{
    info: { conversationId: 'c-1' },
    messageRecords: [
      { type: 'TEXT_PLAIN', messageData: { msg: { text: 'Hello, I want to CANCEL my order' } }, timeL: 1700000001000, sentBy: 'Consumer' },
      { type: 'TEXT_PLAIN', messageData: { msg: { text: 'Sorry to hear that. Refund or cancel?' } }, timeL: 1700000002000, sentBy: 'Agent' },
      { type: 'HOSTED_FILE', messageData: { file: { caption: 'receipt for the refund', relativePath: '/v1/files/a.png' } }, timeL: 1700000003000, sentBy: 'Consumer' },
      { type: 'RICH_CONTENT', messageData: { richContent: { content: 'cancel refund' } }, timeL: 1700000004000, sentBy: 'Agent' },
      { type: 'TEXT_PLAIN', messageData: { msg: { text: 'line one\ncancel on line two' } }, timeL: 1700000005000, sentBy: 'Consumer' },
    ],
  }],
};

function lambda(input, callback) {
  const util = Toolbelt.ConversationUtil();
  const conv = input.payload;
  const attempt = (f) => { try { return f(); } catch (e) { return 'Error: ' + e.message; } };
  callback(null, {
    plain: util.scanConversationForKeywords(conv, ['cancel', 'refund']),
    regex: util.scanConversationForKeywords(conv, ['^cancel', 'or(der)?\\b']),
    none: util.scanConversationForKeywords(conv, ['unicorn']),
    noConversation: attempt(() => util.scanConversationForKeywords(undefined, ['x'])),
    noKeywords: attempt(() => util.scanConversationForKeywords(conv, [])),
  });
}
