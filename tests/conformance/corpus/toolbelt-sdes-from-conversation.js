// Toolbelt.SDEUtil().getSDEsFromConv against the real toolbelt's: authenticated and
// unauthenticated SDE events sorted by server time (latest last), missing blocks as empty
// event lists, and the error for something that is not a conversation.
const { Toolbelt } = require('lp-faas-toolbelt');

exports.payload = {
  withBoth: {
    conversationHistoryRecords: [{
      sdes: { events: [
        { sdeType: 'PERSONAL_INFO', serverTimeStamp: '1700000300000', personalInfo: { customerInfo: { firstName: 'Ada' } } },
        { sdeType: 'CART_STATUS', serverTimeStamp: '1700000100000', cartStatus: { total: 12.5 } },
        { sdeType: 'SERVICE_ACTIVITY', serverTimeStamp: '1700000200000', serviceActivity: { status: 1 } },
      ] },
      unAuthSdes: { events: [
        { sdeType: 'MARKETING_SOURCE', serverTimeStamp: '1700000050000' },
        { sdeType: 'VISITOR_ERROR', serverTimeStamp: '1700000040000' },
      ] },
    }],
  },
  withNone: { conversationHistoryRecords: [{ info: {} }] },
};

function lambda(input, callback) {
  const util = Toolbelt.SDEUtil();
  const attempt = (f) => { try { return f(); } catch (e) { return 'Error: ' + e.message; } };
  callback(null, {
    both: util.getSDEsFromConv(input.payload.withBoth),
    none: util.getSDEsFromConv(input.payload.withNone),
    notAConversation: attempt(() => util.getSDEsFromConv({ id: 1 })),
    nothing: attempt(() => util.getSDEsFromConv(null)),
    noRecords: attempt(() => util.getSDEsFromConv({ conversationHistoryRecords: [] })),
  });
}
