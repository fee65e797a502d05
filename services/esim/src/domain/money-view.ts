import { DEFAULT_CURRENCY, minorToMajor } from '@platform/contracts';

/** A price as the API shows it: major units for display, exact minor units, currency. */
export const priceView = (minor: number) => ({ price: minorToMajor(minor), priceMinor: minor, currency: DEFAULT_CURRENCY });
