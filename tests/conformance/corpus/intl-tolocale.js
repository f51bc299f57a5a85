// Date.prototype.toLocaleString/-DateString/-TimeString and Number.prototype.toLocaleString
// with locales and options (timeZone among them), Array's toLocaleString, invalid dates.
function lambda(input, callback) {
  const d = new Date(Date.UTC(2024, 2, 10, 6, 59, 59));
  const out = {
    default: [d.toLocaleString(), d.toLocaleDateString(), d.toLocaleTimeString()],
    ny: [d.toLocaleString('en-US', { timeZone: 'America/New_York' }), d.toLocaleTimeString('en-US', { timeZone: 'America/New_York' })],
    nyAfter: new Date(d.getTime() + 1000).toLocaleString('en-US', { timeZone: 'America/New_York' }),
    de: [d.toLocaleString('de-DE', { timeZone: 'Europe/Berlin' }), d.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long' })],
    ja: d.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }),
    gb: d.toLocaleDateString('en-GB', { timeZone: 'Australia/Sydney' }),
    fr: d.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }),
    styles: d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Los_Angeles' }),
    invalid: new Date(NaN).toLocaleString(),
    numbers: [1234567.891.toLocaleString(), (1234.5).toLocaleString('de-DE'), (0.256).toLocaleString('en-US', { style: 'percent' }),
      (99.5).toLocaleString('ja-JP', { style: 'currency', currency: 'JPY' }), (1e6).toLocaleString('fr-FR'), (5).toLocaleString('en', { minimumFractionDigits: 2 })],
    array: [1234.5, new Date(0)].toLocaleString(),
    typeError: (() => { try { Date.prototype.toLocaleString.call({}); } catch (e) { return e.name; } })(),
  };
  callback(null, out);
}
