// Chat Post Survey E-Mail Transcript: decides who gets the chat transcript by e-mail after the
// survey. Sends a low rating to the team lead (environment variable LEAD_EMAIL).
function lambda(input, callback) {
  const { csatRank, skillName, agentName } = input.payload || {};
  const emails = [];
  if (typeof csatRank === 'number' && csatRank <= 2) {
    emails.push({
      targetEmail: process.env.LEAD_EMAIL || 'team-lead@example.com',
      senderName: 'Chat quality',
      senderEmail: 'noreply@example.com',
      subject: `Low rating (${csatRank}/5) for ${agentName} in ${skillName}`,
    });
  }
  callback(null, emails);
}
