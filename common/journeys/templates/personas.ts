import type { PersonaContent } from './text.ts';

/** Every persona the templates use, keyed by its id; membership rules are the same in every locale. */
export const PERSONAS = {
  'pe-bargain-hunter': {
    name: { en: 'Bargain hunter', sv: 'Fyndjägaren', da: 'Tilbudsjægeren' },
    description: {
      en: 'Compares prices, waits for sales and rarely buys without a discount code. More loyal to a good deal than to a brand.',
      sv: 'Jämför priser, väntar på rean och handlar sällan utan rabattkod. Mer lojal mot ett bra erbjudande än mot ett varumärke.',
      da: 'Sammenligner priser, venter på udsalg og køber sjældent uden rabatkode. Mere loyal over for et godt tilbud end over for et brand.',
    },
    goals: [
      { en: 'Pay as little as possible', sv: 'Betala så lite som möjligt', da: 'Betale så lidt som muligt' },
      { en: 'Never miss a sale', sv: 'Aldrig missa en rea', da: 'Aldrig gå glip af et udsalg' },
    ],
    frustrations: [
      { en: 'Discount codes that do not work at checkout', sv: 'Rabattkoder som inte fungerar i kassan', da: 'Rabatkoder, der ikke virker i kassen' },
      { en: 'Shipping costs that eat up the discount', sv: 'Fraktkostnader som äter upp rabatten', da: 'Fragtpriser, der æder rabatten' },
    ],
    // Shops that do not send Coupon Applied still record the code on the order (properties.coupon).
    rule: {
      match: 'any',
      events: [
        { rule: { type: 'track', events: ['Coupon Applied'] }, minCount: 2 },
        { rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.coupon', op: 'exists' }] }, minCount: 2 },
      ],
    },
  },
  'pe-loyal-regular': {
    name: { en: 'Loyal regular', sv: 'Stamkunden', da: 'Stamkunden' },
    description: {
      en: 'Has bought at least three times and knows the range. Values quick reordering, recognition and good service more than discounts.',
      sv: 'Har handlat minst tre gånger och kan sortimentet. Värdesätter snabba återköp, att bli igenkänd och bra service mer än rabatter.',
      da: 'Har købt mindst tre gange og kender sortimentet. Sætter hurtige genkøb, genkendelse og god service højere end rabatter.',
    },
    goals: [
      { en: 'Reorder quickly', sv: 'Beställa igen snabbt', da: 'Bestille igen hurtigt' },
      { en: 'Be treated as a valued customer', sv: 'Bli behandlad som en uppskattad kund', da: 'Blive behandlet som en værdsat kunde' },
    ],
    frustrations: [
      { en: 'Getting the same offers as first-time visitors', sv: 'Att få samma erbjudanden som förstagångsbesökare', da: 'At få de samme tilbud som førstegangsbesøgende' },
      {
        en: 'Having to explain their history to customer service',
        sv: 'Att behöva förklara sin historik för kundservice',
        da: 'At skulle forklare deres historik for kundeservice',
      },
    ],
    rule: { events: [{ rule: { type: 'track', events: ['Order Completed'] }, minCount: 3 }] },
  },
  'pe-business-buyer': {
    name: { en: 'Business buyer', sv: 'Företagskunden', da: 'Erhvervskunden' },
    description: {
      en: 'Buys for a company: workwear, gifts or supplies for the office. Orders larger quantities and needs invoices with VAT details.',
      sv: 'Köper åt ett företag: arbetskläder, gåvor eller förbrukningsvaror till kontoret. Beställer större mängder och behöver faktura med momsuppgifter.',
      da: 'Køber ind til en virksomhed: arbejdstøj, gaver eller forbrugsvarer til kontoret. Bestiller større mængder og har brug for faktura med momsoplysninger.',
    },
    goals: [
      { en: 'Order in bulk against a company invoice', sv: 'Beställa större volymer mot faktura till företaget', da: 'Bestille større mængder mod faktura til virksomheden' },
      { en: 'Keep purchases within budget and policy', sv: 'Hålla inköpen inom budget och inköpspolicy', da: 'Holde indkøbene inden for budget og indkøbspolitik' },
    ],
    frustrations: [
      { en: 'Prices shown only including VAT', sv: 'Priser som bara visas inklusive moms', da: 'Priser, der kun vises inklusive moms' },
      { en: 'No way to pay by invoice', sv: 'Inget sätt att betala mot faktura', da: 'Ingen mulighed for at betale mod faktura' },
    ],
    rule: { traits: [{ path: 'traits.company', op: 'exists' }] },
  },
  'pe-researcher': {
    name: { en: 'Careful researcher', sv: 'Den noggranna jämföraren', da: 'Den grundige sammenligner' },
    description: {
      en: 'Reads every product page, compares specifications and reviews and visits many times before buying. Buys seldom, but almost never returns anything.',
      sv: 'Läser varje produktsida, jämför specifikationer och omdömen och besöker sajten många gånger innan köpet. Handlar sällan, men returnerar nästan aldrig något.',
      da: 'Læser hver produktside, sammenligner specifikationer og anmeldelser og besøger siden mange gange før købet. Køber sjældent, men returnerer næsten aldrig noget.',
    },
    goals: [
      { en: 'Make the right choice the first time', sv: 'Göra rätt val från början', da: 'Træffe det rigtige valg første gang' },
      { en: 'Understand quality and durability', sv: 'Förstå kvalitet och hållbarhet', da: 'Forstå kvalitet og holdbarhed' },
    ],
    frustrations: [
      { en: 'Thin product information', sv: 'Knapphändig produktinformation', da: 'Sparsom produktinformation' },
      { en: 'Reviews that say nothing', sv: 'Omdömen som inte säger någonting', da: 'Anmeldelser, der ikke siger noget' },
    ],
    rule: {
      match: 'all',
      events: [
        { rule: { type: 'track', events: ['Product Viewed'] }, minCount: 10 },
        { rule: { type: 'track', events: ['Products Searched'] }, minCount: 3 },
      ],
    },
  },
  'pe-advocate': {
    name: { en: 'Brand fan', sv: 'Ambassadören', da: 'Ambassadøren' },
    description: {
      en: 'Loves the products and tells others: writes positive reviews and shares products with friends.',
      sv: 'Älskar produkterna och berättar om dem för andra: skriver positiva omdömen och delar produkter med vänner.',
      da: 'Elsker produkterne og fortæller andre om dem: skriver positive anmeldelser og deler produkter med venner.',
    },
    goals: [
      { en: 'Help friends find good products', sv: 'Hjälpa vänner att hitta bra produkter', da: 'Hjælpe venner med at finde gode produkter' },
      { en: 'Feel part of the brand', sv: 'Känna sig som en del av varumärket', da: 'Føle sig som en del af brandet' },
    ],
    frustrations: [
      { en: 'Reviews that are never answered', sv: 'Omdömen som aldrig besvaras', da: 'Anmeldelser, der aldrig bliver besvaret' },
      { en: 'No reward for recommending', sv: 'Ingen belöning för att rekommendera', da: 'Ingen belønning for at anbefale' },
    ],
    rule: {
      match: 'any',
      events: [
        { rule: { type: 'track', events: ['Product Reviewed'], where: [{ path: 'properties.rating', op: 'gt', value: 3 }] }, minCount: 1 },
        { rule: { type: 'track', events: ['Product Shared'] }, minCount: 2 },
      ],
    },
  },
  'pe-newsletter-reader': {
    name: { en: 'Newsletter reader', sv: 'Nyhetsbrevsläsaren', da: 'Nyhedsbrevslæseren' },
    description: {
      en: 'Has signed up for the newsletter, opens it regularly and often shops straight from a campaign.',
      sv: 'Har anmält sig till nyhetsbrevet, öppnar det regelbundet och handlar ofta direkt från en kampanj.',
      da: 'Har tilmeldt sig nyhedsbrevet, åbner det jævnligt og handler ofte direkte fra en kampagne.',
    },
    goals: [
      { en: 'Hear about news and sales first', sv: 'Få veta om nyheter och rea först', da: 'Høre om nyheder og udsalg først' },
      { en: 'Get offers that match their interests', sv: 'Få erbjudanden som passar deras intressen', da: 'Få tilbud, der passer til deres interesser' },
    ],
    frustrations: [
      { en: 'Too many emails', sv: 'För många mejl', da: 'For mange mails' },
      { en: 'Offers on products they have already bought', sv: 'Erbjudanden på produkter de redan har köpt', da: 'Tilbud på produkter, de allerede har købt' },
    ],
    rule: {
      match: 'any',
      traits: [{ path: 'traits.newsletter', op: 'eq', value: true }],
      events: [{ rule: { type: 'track', events: ['Newsletter Subscribed'] }, minCount: 1 }],
    },
  },
  'pe-app-shopper': {
    name: { en: 'App shopper', sv: 'Appkunden', da: 'App-kunden' },
    description: {
      en: 'Shops mostly in the app, often in short moments on the go, and expects notifications to be useful rather than noisy.',
      sv: 'Handlar mest i appen, ofta en stund i farten, och förväntar sig att notiserna är användbara snarare än störande.',
      da: 'Handler mest i appen, ofte i korte øjeblikke på farten, og forventer, at notifikationerne er nyttige frem for forstyrrende.',
    },
    goals: [
      { en: 'Buy in a few taps', sv: 'Handla med några få tryck', da: 'Handle med få tryk' },
      { en: 'Follow orders in the app', sv: 'Följa sina beställningar i appen', da: 'Følge sine ordrer i appen' },
    ],
    frustrations: [
      { en: 'Having to log in again and again', sv: 'Att behöva logga in gång på gång', da: 'At skulle logge ind igen og igen' },
      { en: 'Features that only exist on the website', sv: 'Funktioner som bara finns på webben', da: 'Funktioner, der kun findes på hjemmesiden' },
    ],
    rule: { events: [{ rule: { type: 'screen' }, minCount: 5 }] },
  },
  'pe-omnichannel': {
    name: { en: 'Store and web shopper', sv: 'Butiks- och webbkunden', da: 'Butiks- og webkunden' },
    description: {
      en: 'Looks products up online and buys in the store, or the other way round. Expects prices, stock and member benefits to be the same everywhere.',
      sv: 'Kollar upp produkter på nätet och köper i butiken, eller tvärtom. Förväntar sig att priser, lagersaldo och medlemsförmåner är desamma överallt.',
      da: 'Undersøger produkter online og køber i butikken, eller omvendt. Forventer, at priser, lagerstatus og medlemsfordele er de samme overalt.',
    },
    goals: [
      { en: 'See the product in real life before buying', sv: 'Se produkten i verkligheten före köpet', da: 'Se produktet i virkeligheden før købet' },
      { en: 'Collect or return in the nearest store', sv: 'Hämta eller returnera i närmaste butik', da: 'Hente eller returnere i den nærmeste butik' },
    ],
    frustrations: [
      { en: 'Online stock that does not match the store', sv: 'Lagersaldo på webben som inte stämmer med butiken', da: 'Lagerstatus online, der ikke passer med butikken' },
      { en: 'Online purchases that cannot be returned in store', sv: 'Webbköp som inte går att returnera i butik', da: 'Onlinekøb, der ikke kan returneres i butikken' },
    ],
    rule: {
      match: 'all',
      events: [
        { rule: { type: 'track', events: ['Store Visited'] }, minCount: 1 },
        { rule: { type: 'track', events: ['Product Viewed'] }, minCount: 1 },
      ],
    },
  },
} satisfies Record<string, PersonaContent>;

export type PersonaId = keyof typeof PERSONAS;
