/**
 * The fictional shop the demo data describes: "Norrskog", a Nordic web shop for outdoor clothing, gear
 * and home goods selling in Sweden, Denmark and Norway. Names, cities and prices are plausible on
 * purpose (dashboards and templates should look real in a demo), brands and domains are made up.
 */

export type CountryCode = 'SE' | 'DK' | 'NO';
export type Currency = 'SEK' | 'DKK' | 'NOK';

export interface Market {
  country: CountryCode;
  currency: Currency;
  locale: string;
  timezone: string;
  /** Path prefix of the shop's localised site. */
  sitePath: string;
  googleHost: string;
  /** Share of the shop's customers. */
  weight: number;
  /** Cities with a rough population weight. */
  cities: readonly (readonly [string, number])[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  emailDomains: readonly string[];
  /** Search terms in the local language. */
  searchTerms: readonly string[];
  shippingFee: number;
  freeShippingFrom: number;
}

export const SHOP_URL = 'https://www.norrskog.example';
export const SHOP_NAME = 'Norrskog';

export const MARKETS: readonly Market[] = [
  {
    country: 'SE',
    currency: 'SEK',
    locale: 'sv-SE',
    timezone: 'Europe/Stockholm',
    sitePath: '/se',
    googleHost: 'www.google.se',
    weight: 55,
    cities: [
      ['Stockholm', 30],
      ['Göteborg', 18],
      ['Malmö', 12],
      ['Uppsala', 8],
      ['Västerås', 5],
      ['Örebro', 5],
      ['Linköping', 5],
      ['Helsingborg', 4],
      ['Umeå', 4],
      ['Luleå', 3],
      ['Östersund', 3],
      ['Kiruna', 1],
    ],
    firstNames: ['Anna', 'Erik', 'Maja', 'Lars', 'Karin', 'Johan', 'Elsa', 'Oskar', 'Ingrid', 'Nils', 'Astrid', 'Lukas', 'Sofia', 'Gustav', 'Linnea', 'Axel', 'Ebba', 'Hugo', 'Saga', 'Viktor', 'Alva', 'Björn', 'Agnes', 'Fredrik'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Lindqvist', 'Bergström', 'Sjöberg', 'Ekström', 'Åkesson', 'Holm', 'Lundgren'],
    emailDomains: ['gmail.com', 'hotmail.com', 'outlook.com', 'live.se', 'telia.com', 'icloud.com', 'yahoo.se'],
    searchTerms: ['regnjacka', 'merinoull', 'vandringskängor', 'dunjacka', 'ullfilt', 'termos', 'ryggsäck', 'sovsäck', 'linnelakan', 'gjutjärnspanna', 'mössa', 'skaljacka dam'],
    shippingFee: 59,
    freeShippingFrom: 799,
  },
  {
    country: 'DK',
    currency: 'DKK',
    locale: 'da-DK',
    timezone: 'Europe/Copenhagen',
    sitePath: '/dk',
    googleHost: 'www.google.dk',
    weight: 25,
    cities: [
      ['København', 35],
      ['Aarhus', 18],
      ['Odense', 10],
      ['Aalborg', 10],
      ['Esbjerg', 6],
      ['Randers', 5],
      ['Kolding', 5],
      ['Roskilde', 4],
      ['Vejle', 4],
    ],
    firstNames: ['Mette', 'Søren', 'Freja', 'Mads', 'Ida', 'Rasmus', 'Sofie', 'Jens', 'Emma', 'Frederik', 'Line', 'Kasper', 'Signe', 'Anders', 'Clara', 'Mikkel', 'Karoline', 'Nikolaj'],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Madsen', 'Kristensen', 'Østergaard', 'Mortensen', 'Thomsen'],
    emailDomains: ['gmail.com', 'hotmail.com', 'outlook.dk', 'live.dk', 'yahoo.dk', 'icloud.com', 'mail.dk'],
    searchTerms: ['regnjakke', 'merinould', 'vandrestøvler', 'dunjakke', 'uldplaid', 'termokande', 'rygsæk', 'sovepose', 'hørsengetøj', 'støbejernspande', 'hue'],
    shippingFee: 39,
    freeShippingFrom: 599,
  },
  {
    country: 'NO',
    currency: 'NOK',
    locale: 'nb-NO',
    timezone: 'Europe/Oslo',
    sitePath: '/no',
    googleHost: 'www.google.no',
    weight: 20,
    cities: [
      ['Oslo', 32],
      ['Bergen', 16],
      ['Trondheim', 12],
      ['Stavanger', 10],
      ['Tromsø', 6],
      ['Kristiansand', 6],
      ['Drammen', 5],
      ['Bodø', 4],
      ['Lillehammer', 3],
    ],
    firstNames: ['Ola', 'Kari', 'Ingrid', 'Henrik', 'Nora', 'Magnus', 'Sigrid', 'Jakob', 'Thea', 'Håkon', 'Solveig', 'Eirik', 'Ragnhild', 'Sander', 'Marte', 'Kristoffer', 'Synnøve', 'Even'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Haugen', 'Berg', 'Bakke', 'Dahl', 'Lie', 'Solberg', 'Støre'],
    emailDomains: ['gmail.com', 'hotmail.com', 'outlook.com', 'online.no', 'icloud.com', 'live.no'],
    searchTerms: ['regnjakke', 'ullundertøy', 'fjellsko', 'dunjakke', 'ullpledd', 'termos', 'sekk', 'sovepose', 'sengetøy lin', 'stekepanne støpejern', 'lue'],
    shippingFee: 69,
    freeShippingFrom: 899,
  },
];

export interface Product {
  id: string;
  sku: string;
  name: string;
  brand: string;
  category: string;
  /** Category slug used in URLs. */
  slug: string;
  /** Shelf prices in each market's currency, VAT included, rounded the way Nordic shops round. */
  price: Readonly<Record<Currency, number>>;
  /** Relative popularity. */
  weight: number;
}

/** Prices are set per market (not converted), as Nordic shops do: DKK ≈ 0.65 × SEK, NOK ≈ SEK. */
function p(sek: number, dkk: number, nok: number): Readonly<Record<Currency, number>> {
  return { SEK: sek, DKK: dkk, NOK: nok };
}

export const CATEGORIES: readonly { slug: string; name: string }[] = [
  { slug: 'jackets', name: 'Jackets' },
  { slug: 'base-layers', name: 'Base layers' },
  { slug: 'footwear', name: 'Footwear' },
  { slug: 'accessories', name: 'Accessories' },
  { slug: 'backpacks', name: 'Backpacks' },
  { slug: 'camping', name: 'Camping' },
  { slug: 'bedding', name: 'Bedding' },
  { slug: 'kitchen', name: 'Kitchen' },
  { slug: 'decor', name: 'Decor' },
];

const raw: readonly [string, string, string, number, Readonly<Record<Currency, number>>][] = [
  ['Fjällvind Shell Jacket', 'Fjällvind', 'jackets', 9, p(2499, 1699, 2599)],
  ['Fjällvind Down Jacket', 'Fjällvind', 'jackets', 7, p(2999, 1999, 3199)],
  ['Havbris Rain Jacket', 'Havbris', 'jackets', 10, p(1299, 899, 1399)],
  ['Norrsken Softshell Jacket', 'Norrsken', 'jackets', 5, p(1599, 1099, 1699)],
  ['Havbris Rain Trousers', 'Havbris', 'jackets', 6, p(899, 599, 949)],
  ['Skogsro Merino Base Layer Top', 'Skogsro', 'base-layers', 12, p(799, 549, 849)],
  ['Skogsro Merino Leggings', 'Skogsro', 'base-layers', 9, p(699, 479, 749)],
  ['Norrsken Fleece Midlayer', 'Norrsken', 'base-layers', 8, p(899, 599, 949)],
  ['Lyngheim Wool Sweater', 'Lyngheim', 'base-layers', 6, p(1499, 999, 1599)],
  ['Ravnsborg Hiking Boots', 'Ravnsborg', 'footwear', 8, p(2199, 1499, 2299)],
  ['Ravnsborg Trail Shoes', 'Ravnsborg', 'footwear', 7, p(1399, 949, 1499)],
  ['Skogsro Wool Socks 3-pack', 'Skogsro', 'accessories', 14, p(299, 199, 329)],
  ['Lyngheim Knitted Beanie', 'Lyngheim', 'accessories', 10, p(349, 239, 379)],
  ['Norrsken Merino Buff', 'Norrsken', 'accessories', 7, p(249, 169, 269)],
  ['Fjällvind Wool Mittens', 'Fjällvind', 'accessories', 5, p(399, 279, 429)],
  ['Fjällvind Daypack 25 L', 'Fjällvind', 'backpacks', 8, p(1199, 799, 1249)],
  ['Fjällvind Trekking Pack 55 L', 'Fjällvind', 'backpacks', 4, p(2499, 1699, 2599)],
  ['Havbris Roll-top Bag 20 L', 'Havbris', 'backpacks', 5, p(699, 479, 749)],
  ['Norrsken 2-person Tent', 'Norrsken', 'camping', 3, p(3999, 2699, 4199)],
  ['Norrsken Sleeping Bag -10 °C', 'Norrsken', 'camping', 4, p(2299, 1549, 2399)],
  ['Skogsro Steel Thermos 1 L', 'Skogsro', 'camping', 11, p(399, 279, 429)],
  ['Skogsro Trangia-style Stove Set', 'Skogsro', 'camping', 3, p(999, 679, 1049)],
  ['Lyngheim Linen Duvet Cover', 'Lyngheim', 'bedding', 7, p(1299, 899, 1399)],
  ['Lyngheim Wool Throw', 'Lyngheim', 'bedding', 9, p(899, 599, 949)],
  ['Lyngheim Linen Pillowcase 2-pack', 'Lyngheim', 'bedding', 6, p(449, 299, 479)],
  ['Ravnsborg Cast Iron Pan 28 cm', 'Ravnsborg', 'kitchen', 6, p(799, 549, 849)],
  ['Ravnsborg Oak Cutting Board', 'Ravnsborg', 'kitchen', 7, p(549, 379, 579)],
  ['Havbris Stoneware Mug Set', 'Havbris', 'kitchen', 8, p(399, 279, 429)],
  ['Havbris Enamel Coffee Pot', 'Havbris', 'kitchen', 5, p(499, 349, 529)],
  ['Skogsro Beeswax Candles 6-pack', 'Skogsro', 'decor', 9, p(199, 139, 219)],
  ['Lyngheim Brass Candle Holder', 'Lyngheim', 'decor', 6, p(349, 239, 379)],
  ['Norrsken Reindeer Hide', 'Norrsken', 'decor', 2, p(1499, 999, 1599)],
];

export const PRODUCTS: readonly Product[] = raw.map(([name, brand, slug, weight, price], i) => ({
  id: `prod_${String(1001 + i)}`,
  sku: `NS-${slug.slice(0, 3).toUpperCase()}-${String(1001 + i)}`,
  name,
  brand,
  category: CATEGORIES.find((c) => c.slug === slug)?.name ?? slug,
  slug,
  price,
  weight,
}));

export const CARRIERS: readonly (readonly [string, number])[] = [
  ['PostNord', 40],
  ['Bring', 20],
  ['DHL', 15],
  ['Budbee', 12],
  ['GLS', 8],
  ['Instabox', 5],
];

export const COUPONS: readonly string[] = ['VÄLKOMMEN10', 'HÖST15', 'NEWSLETTER10', 'FRIFRAKT'];

export const REVIEW_TEXTS: Readonly<Record<number, readonly string[]>> = {
  1: ['Broke after two weeks.', 'Not as described, returning it.'],
  2: ['Runs small and the seams feel cheap.', 'Took too long to arrive.'],
  3: ['Okay for the price.', 'Fine, but the colour differs from the photos.'],
  4: ['Good quality, would buy again.', 'Warm and comfortable. Fast delivery.'],
  5: ['Perfect for the mountains!', 'Best purchase this year.', 'Lovely quality, exactly as pictured.'],
};

export const SUPPORT_TOPICS: readonly (readonly [string, number])[] = [
  ['delivery', 30],
  ['return', 25],
  ['size_exchange', 15],
  ['product_question', 15],
  ['payment', 8],
  ['damaged_item', 7],
];

/** Browsers and devices, with the share of sessions they get. */
export const DEVICES: readonly { kind: 'mobile' | 'desktop' | 'tablet'; userAgent: string; weight: number }[] = [
  { kind: 'mobile', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', weight: 38 },
  { kind: 'mobile', userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', weight: 20 },
  { kind: 'desktop', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', weight: 20 },
  { kind: 'desktop', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', weight: 14 },
  { kind: 'tablet', userAgent: 'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', weight: 8 },
];

/** Share of sessions started per local hour of the day (Nordic shoppers: lunch and evening peaks). */
export const HOUR_WEIGHTS: readonly number[] = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 3.5, 4, 5, 4.5, 4, 4, 4, 4.5, 5.5, 7, 8, 7.5, 5, 2.5];
