// How amounts and dates read on the page (French conventions, as the seed's app).

export const formatMoney = (amount, currency = 'EUR') => new Intl.NumberFormat('fr-FR', { style: 'currency', currency }).format(amount);

export const formatDateTime = (iso) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** YYYY-MM-DD of the local day `days` from today (what <input type=date> and the bookings API take). */
export function localDate(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** An amount as typed in French ("12,50", "1 250,00") or English ("12.50"): the API's decimal text ("12.50"). */
export const toApiAmount = (text) =>
  String(text)
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
