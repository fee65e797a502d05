/** "12,50", "12.50", "12" → "12.50" (the API's decimal text); undefined when it is not an amount. */
export function parseEuros(text: string): string | undefined {
  const normalized = text.trim().replace(/\s/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalized) ? normalized : undefined;
}

export const euros = (amount: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount);
