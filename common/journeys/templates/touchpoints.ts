import { TEAMS, type TouchpointContent } from './text.ts';

/**
 * Every touchpoint the templates use, keyed by its id. A touchpoint has the same id, channel and rule in
 * every template and locale, so analytics compare across maps. Rules and why they sit where they do:
 * docs/journey-templates.md.
 */
export const TOUCHPOINTS = {
  // Awareness: the any-activity touchpoint puts every customer on the map; the campaign touchpoints
  // beside it only break the first visit down by channel.
  'tp-any-activity': {
    name: { en: 'Visit or app activity', sv: 'Besök eller aktivitet i appen', da: 'Besøg eller aktivitet i appen' },
    description: {
      en: 'Any page view, screen view or tracked event. It puts every customer on the map from their very first activity.',
      sv: 'Varje sidvisning, skärmvisning eller spårad händelse. Gör att varje kund hamnar på kartan redan vid första aktiviteten.',
      da: 'Enhver sidevisning, skærmvisning eller sporet hændelse. Sørger for, at alle kunder kommer med på kortet allerede ved første aktivitet.',
    },
    channel: 'web',
    owner: TEAMS.marketing,
    rule: { type: 'any' },
  },
  'tp-search-ad-click': {
    name: { en: 'Search ad click', sv: 'Klick på sökannons', da: 'Klik på søgeannonce' },
    description: {
      en: 'A landing from a paid search ad (utm_medium=cpc).',
      sv: 'Ett besök som kommer från en betald sökannons (utm_medium=cpc).',
      da: 'Et besøg, der kommer fra en betalt søgeannonce (utm_medium=cpc).',
    },
    channel: 'search',
    owner: TEAMS.marketing,
    rule: { type: 'page', utm: { medium: 'cpc' } },
  },
  'tp-paid-social-click': {
    name: { en: 'Paid social ad click', sv: 'Klick på annons i sociala medier', da: 'Klik på annonce på sociale medier' },
    description: {
      en: 'A landing from a paid ad on Facebook, Instagram or TikTok (utm_medium=paid_social).',
      sv: 'Ett besök från en betald annons på Facebook, Instagram eller TikTok (utm_medium=paid_social).',
      da: 'Et besøg fra en betalt annonce på Facebook, Instagram eller TikTok (utm_medium=paid_social).',
    },
    channel: 'ads',
    owner: TEAMS.marketing,
    rule: { type: 'page', utm: { medium: 'paid_social' } },
  },
  'tp-social-post-click': {
    name: { en: 'Social media post', sv: 'Inlägg i sociala medier', da: 'Opslag på sociale medier' },
    description: {
      en: 'A landing from an unpaid post or profile link (utm_medium=social).',
      sv: 'Ett besök från ett obetalt inlägg eller en länk i profilen (utm_medium=social).',
      da: 'Et besøg fra et ikke-betalt opslag eller et link i profilen (utm_medium=social).',
    },
    channel: 'social',
    owner: TEAMS.marketing,
    rule: { type: 'page', utm: { medium: 'social' } },
  },
  'tp-partner-link': {
    name: { en: 'Partner or influencer link', sv: 'Länk från partner eller influencer', da: 'Link fra partner eller influencer' },
    description: {
      en: 'A landing from an affiliate, a price comparison site or an influencer (utm_medium=affiliate). A website, so digital.',
      sv: 'Ett besök från en affiliatepartner, en prisjämförelsesajt eller en influencer (utm_medium=affiliate). En webbplats, alltså digital.',
      da: 'Et besøg fra en affiliatepartner, en prissammenligningsside eller en influencer (utm_medium=affiliate). En hjemmeside, altså digital.',
    },
    channel: 'partner',
    kind: 'digital',
    owner: TEAMS.marketing,
    rule: { type: 'page', utm: { medium: 'affiliate' } },
  },

  // Browsing and comparing.
  'tp-products-searched': {
    name: { en: 'Site search', sv: 'Sökning i webbutiken', da: 'Søgning i webshoppen' },
    description: {
      en: 'The customer searches the shop (Products Searched).',
      sv: 'Kunden söker i butikens sortiment (Products Searched).',
      da: 'Kunden søger i butikkens sortiment (Products Searched).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Products Searched'] },
  },
  'tp-product-list-viewed': {
    name: { en: 'Category page', sv: 'Kategorisida', da: 'Kategoriside' },
    description: {
      en: 'The customer browses a category or a search result list (Product List Viewed).',
      sv: 'Kunden bläddrar i en kategori eller en lista med sökresultat (Product List Viewed).',
      da: 'Kunden kigger i en kategori eller en liste med søgeresultater (Product List Viewed).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Product List Viewed'] },
  },
  'tp-product-clicked': {
    name: { en: 'Product clicked in a list', sv: 'Klick på produkt i en lista', da: 'Klik på produkt i en liste' },
    description: {
      en: 'The customer picks a product from a list or a recommendation (Product Clicked).',
      sv: 'Kunden väljer en produkt i en lista eller bland rekommendationer (Product Clicked).',
      da: 'Kunden vælger et produkt fra en liste eller blandt anbefalinger (Product Clicked).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Product Clicked'] },
  },
  'tp-product-viewed': {
    name: { en: 'Product page', sv: 'Produktsida', da: 'Produktside' },
    description: {
      en: 'The customer reads a product page (Product Viewed).',
      sv: 'Kunden läser en produktsida (Product Viewed).',
      da: 'Kunden læser en produktside (Product Viewed).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Product Viewed'] },
  },
  'tp-newsletter-click': {
    name: { en: 'Newsletter click', sv: 'Klick i nyhetsbrev', da: 'Klik i nyhedsbrev' },
    description: {
      en: 'A landing from a link in a newsletter or campaign email (utm_medium=email).',
      sv: 'Ett besök via en länk i ett nyhetsbrev eller kampanjmejl (utm_medium=email).',
      da: 'Et besøg via et link i et nyhedsbrev eller en kampagnemail (utm_medium=email).',
    },
    channel: 'email',
    owner: TEAMS.crm,
    rule: { type: 'page', utm: { medium: 'email' } },
  },
  'tp-newsletter-subscribed': {
    name: { en: 'Newsletter sign-up', sv: 'Anmälan till nyhetsbrev', da: 'Tilmelding til nyhedsbrev' },
    description: {
      en: 'The customer subscribes to the newsletter, often for a welcome discount (Newsletter Subscribed, not in the Segment spec).',
      sv: 'Kunden anmäler sig till nyhetsbrevet, ofta för att få välkomstrabatten (Newsletter Subscribed, ingår inte i Segments specifikation).',
      da: 'Kunden tilmelder sig nyhedsbrevet, ofte for at få velkomstrabatten (Newsletter Subscribed, indgår ikke i Segments specifikation).',
    },
    channel: 'email',
    owner: TEAMS.crm,
    rule: { type: 'track', events: ['Newsletter Subscribed'] },
  },
  'tp-signed-up': {
    name: { en: 'Account created', sv: 'Konto skapat', da: 'Konto oprettet' },
    description: {
      en: 'The customer creates an account or joins the member club (Signed Up, not in the Segment spec).',
      sv: 'Kunden skapar ett konto eller går med i kundklubben (Signed Up, ingår inte i Segments specifikation).',
      da: 'Kunden opretter en konto eller melder sig ind i kundeklubben (Signed Up, indgår ikke i Segments specifikation).',
    },
    channel: 'web',
    owner: TEAMS.crm,
    rule: { type: 'track', events: ['Signed Up'] },
  },
  'tp-store-finder': {
    name: { en: 'Store finder', sv: 'Hitta butik', da: 'Find butik' },
    description: {
      en: 'The customer looks up a store or its opening hours (pages under /stores; adjust the path to your site).',
      sv: 'Kunden letar upp en butik eller dess öppettider (sidor under /stores; anpassa sökvägen efter er sajt).',
      da: 'Kunden slår en butik eller dens åbningstider op (sider under /stores; tilpas stien til jeres side).',
    },
    channel: 'web',
    owner: TEAMS.stores,
    rule: { type: 'page', pagePath: '**/stores**' },
  },
  'tp-store-visit': {
    name: { en: 'Store visit', sv: 'Butiksbesök', da: 'Butiksbesøg' },
    description: {
      en: 'The customer visits a physical store, recorded by the loyalty app, store Wi-Fi or the till (Store Visited, not in the Segment spec).',
      sv: 'Kunden besöker en fysisk butik, registrerat via medlemsappen, butikens wifi eller kassan (Store Visited, ingår inte i Segments specifikation).',
      da: 'Kunden besøger en fysisk butik, registreret via medlemsappen, butikkens wi-fi eller kassen (Store Visited, indgår ikke i Segments specifikation).',
    },
    channel: 'store',
    owner: TEAMS.stores,
    rule: { type: 'track', events: ['Store Visited'] },
  },

  // Choosing and checking out.
  'tp-product-added': {
    name: { en: 'Added to cart', sv: 'Tillagd i varukorgen', da: 'Lagt i kurven' },
    description: {
      en: 'The customer puts a product in the cart (Product Added).',
      sv: 'Kunden lägger en produkt i varukorgen (Product Added).',
      da: 'Kunden lægger et produkt i kurven (Product Added).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Product Added'] },
  },
  'tp-wishlist-added': {
    name: { en: 'Saved to wishlist', sv: 'Sparad i önskelistan', da: 'Gemt på ønskelisten' },
    description: {
      en: 'The customer saves a product for later (Product Added to Wishlist).',
      sv: 'Kunden sparar en produkt till senare (Product Added to Wishlist).',
      da: 'Kunden gemmer et produkt til senere (Product Added to Wishlist).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Product Added to Wishlist'] },
  },
  'tp-product-shared': {
    name: { en: 'Product shared', sv: 'Delad produkt', da: 'Delt produkt' },
    description: {
      en: 'The customer shares a product link with someone (Product Shared).',
      sv: 'Kunden delar en länk till en produkt med någon (Product Shared).',
      da: 'Kunden deler et link til et produkt med nogen (Product Shared).',
    },
    channel: 'social',
    owner: TEAMS.marketing,
    rule: { type: 'track', events: ['Product Shared'] },
  },
  'tp-cart-shared': {
    name: { en: 'Cart shared', sv: 'Delad varukorg', da: 'Delt indkøbskurv' },
    description: {
      en: 'The customer sends the cart to someone, typically to ask before buying (Cart Shared).',
      sv: 'Kunden skickar varukorgen till någon, oftast för att fråga innan köpet (Cart Shared).',
      da: 'Kunden sender kurven til nogen, typisk for at spørge før købet (Cart Shared).',
    },
    channel: 'social',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Cart Shared'] },
  },
  'tp-cart-viewed': {
    name: { en: 'Cart viewed', sv: 'Varukorgen öppnad', da: 'Kurven åbnet' },
    description: {
      en: 'The customer opens the cart to check contents and total (Cart Viewed).',
      sv: 'Kunden öppnar varukorgen för att se innehåll och summa (Cart Viewed).',
      da: 'Kunden åbner kurven for at se indhold og beløb (Cart Viewed).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Cart Viewed'] },
  },
  'tp-coupon-applied': {
    name: { en: 'Discount code used', sv: 'Rabattkod använd', da: 'Rabatkode brugt' },
    description: {
      en: 'The customer enters a discount code that is accepted (Coupon Applied).',
      sv: 'Kunden anger en rabattkod som godkänns (Coupon Applied).',
      da: 'Kunden indtaster en rabatkode, der bliver godkendt (Coupon Applied).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Coupon Applied'] },
  },
  'tp-checkout-started': {
    name: { en: 'Checkout started', sv: 'Gick till kassan', da: 'Gik til kassen' },
    description: {
      en: 'The customer starts the checkout (Checkout Started).',
      sv: 'Kunden påbörjar köpet i kassan (Checkout Started).',
      da: 'Kunden går i gang med købet i kassen (Checkout Started).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Checkout Started'] },
  },
  'tp-checkout-step': {
    name: { en: 'Checkout step completed', sv: 'Steg i kassan klart', da: 'Trin i kassen gennemført' },
    description: {
      en: 'The customer completes a checkout step such as address or delivery method (Checkout Step Completed); the step number is in properties.step.',
      sv: 'Kunden blir klar med ett steg i kassan, till exempel adress eller leveranssätt (Checkout Step Completed); stegets nummer finns i properties.step.',
      da: 'Kunden gennemfører et trin i kassen, for eksempel adresse eller leveringsmetode (Checkout Step Completed); trinnets nummer står i properties.step.',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Checkout Step Completed'] },
  },
  'tp-payment-info': {
    name: { en: 'Payment details entered', sv: 'Betaluppgifter ifyllda', da: 'Betalingsoplysninger udfyldt' },
    description: {
      en: 'The customer chooses a payment method and enters the details (Payment Info Entered).',
      sv: 'Kunden väljer betalsätt och fyller i uppgifterna (Payment Info Entered).',
      da: 'Kunden vælger betalingsmetode og udfylder oplysningerne (Payment Info Entered).',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Payment Info Entered'] },
  },

  // Orders.
  'tp-order-completed': {
    name: { en: 'Order placed', sv: 'Beställning lagd', da: 'Ordre afgivet' },
    description: {
      en: 'The first order, in any channel (the first Order Completed). Store receipts sent as Order Completed count here too.',
      sv: 'Den första beställningen, i vilken kanal som helst (första Order Completed). Butikskvitton som skickas som Order Completed räknas också här.',
      da: 'Den første ordre, i en hvilken som helst kanal (første Order Completed). Butikskvitteringer, der sendes som Order Completed, tæller også med her.',
    },
    channel: 'web',
    owner: TEAMS.ecommerce,
    rule: { type: 'track', events: ['Order Completed'], nth: 1 },
  },
  'tp-store-purchase': {
    name: { en: 'In-store purchase', sv: 'Köp i butik', da: 'Køb i butik' },
    description: {
      en: 'The first purchase at a store till: an Order Completed sent by the till system with properties.channel = "store".',
      sv: 'Det första köpet i en butikskassa: en Order Completed som kassasystemet skickar med properties.channel = "store".',
      da: 'Det første køb ved en butikskasse: en Order Completed, som kassesystemet sender med properties.channel = "store".',
    },
    channel: 'store',
    owner: TEAMS.stores,
    rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.channel', op: 'eq', value: 'store' }], nth: 1 },
  },
  'tp-repeat-order': {
    name: { en: 'Second order', sv: 'Andra beställningen', da: 'Anden ordre' },
    description: {
      en: 'The customer orders again, in any channel (the second Order Completed).',
      sv: 'Kunden beställer igen, i vilken kanal som helst (andra Order Completed).',
      da: 'Kunden bestiller igen, i en hvilken som helst kanal (anden Order Completed).',
    },
    channel: 'web',
    owner: TEAMS.crm,
    rule: { type: 'track', events: ['Order Completed'], nth: 2 },
  },
  'tp-repeat-store-purchase': {
    name: { en: 'Second in-store purchase', sv: 'Andra köpet i butik', da: 'Andet køb i butik' },
    description: {
      en: 'The customer buys in a store for the second time (the second Order Completed with properties.channel = "store").',
      sv: 'Kunden handlar i butik för andra gången (andra Order Completed med properties.channel = "store").',
      da: 'Kunden køber i butikken for anden gang (anden Order Completed med properties.channel = "store").',
    },
    channel: 'store',
    owner: TEAMS.stores,
    rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.channel', op: 'eq', value: 'store' }], nth: 2 },
  },

  // Delivery.
  'tp-order-shipped': {
    name: { en: 'Order shipped', sv: 'Beställningen skickad', da: 'Ordre afsendt' },
    description: {
      en: 'The warehouse hands the parcel to the carrier (Order Shipped, not in the Segment spec; sent by the shop backend).',
      sv: 'Lagret lämnar över paketet till transportören (Order Shipped, ingår inte i Segments specifikation; skickas av butikens backend).',
      da: 'Lageret overdrager pakken til fragtfirmaet (Order Shipped, indgår ikke i Segments specifikation; sendes af butikkens backend).',
    },
    channel: 'delivery',
    owner: TEAMS.logistics,
    rule: { type: 'track', events: ['Order Shipped'] },
  },
  'tp-order-tracking': {
    name: { en: 'Parcel tracking page', sv: 'Paketspårning', da: 'Pakkesporing' },
    description: {
      en: 'The customer checks where the parcel is (pages under /order-tracking; adjust the path to your site).',
      sv: 'Kunden kollar var paketet är (sidor under /order-tracking; anpassa sökvägen efter er sajt).',
      da: 'Kunden tjekker, hvor pakken er (sider under /order-tracking; tilpas stien til jeres side).',
    },
    channel: 'web',
    owner: TEAMS.logistics,
    rule: { type: 'page', pagePath: '**/order-tracking**' },
  },
  'tp-order-delivered': {
    name: { en: 'Parcel delivered', sv: 'Paketet levererat', da: 'Pakken leveret' },
    description: {
      en: 'The carrier reports the parcel delivered or collected (Order Delivered, not in the Segment spec).',
      sv: 'Transportören rapporterar att paketet är levererat eller hämtat (Order Delivered, ingår inte i Segments specifikation).',
      da: 'Fragtfirmaet melder pakken leveret eller afhentet (Order Delivered, indgår ikke i Segments specifikation).',
    },
    channel: 'delivery',
    owner: TEAMS.logistics,
    rule: { type: 'track', events: ['Order Delivered'] },
  },
  'tp-pickup-point': {
    name: { en: 'Collected at pickup point or parcel locker', sv: 'Hämtat hos ombud eller i paketskåp', da: 'Hentet i pakkeshop eller pakkeboks' },
    description: {
      en: 'Deliveries with properties.shipping_method pickup_point or parcel_locker: the customer fetches the parcel in person.',
      sv: 'Leveranser med properties.shipping_method pickup_point eller parcel_locker: kunden hämtar paketet själv.',
      da: 'Leveringer med properties.shipping_method pickup_point eller parcel_locker: kunden henter selv pakken.',
    },
    channel: 'delivery',
    owner: TEAMS.logistics,
    rule: { type: 'track', events: ['Order Delivered'], where: [{ path: 'properties.shipping_method', op: 'in', value: ['pickup_point', 'parcel_locker'] }] },
  },
  'tp-delivery-question': {
    name: { en: 'Delivery question to customer service', sv: 'Leveransfråga till kundservice', da: 'Leveringsspørgsmål til kundeservice' },
    description: {
      en: 'A support ticket about the delivery of an order, typically "where is my parcel?" (Support Ticket Created with properties.order_id set and properties.topic = "delivery").',
      sv: 'Ett ärende om leveransen av en order, oftast ”var är mitt paket?” (Support Ticket Created med properties.order_id och properties.topic = "delivery").',
      da: 'En henvendelse om leveringen af en ordre, typisk »hvor er min pakke?« (Support Ticket Created med properties.order_id og properties.topic = "delivery").',
    },
    channel: 'support',
    owner: TEAMS.customerService,
    rule: {
      type: 'track',
      events: ['Support Ticket Created'],
      where: [
        { path: 'properties.order_id', op: 'exists' },
        { path: 'properties.topic', op: 'eq', value: 'delivery' },
      ],
    },
  },

  // After the purchase.
  'tp-product-reviewed': {
    name: { en: 'Product review', sv: 'Produktomdöme', da: 'Produktanmeldelse' },
    description: {
      en: 'The customer rates or reviews a product (Product Reviewed).',
      sv: 'Kunden betygsätter eller recenserar en produkt (Product Reviewed).',
      da: 'Kunden bedømmer eller anmelder et produkt (Product Reviewed).',
    },
    channel: 'reviews',
    owner: TEAMS.customerService,
    rule: { type: 'track', events: ['Product Reviewed'] },
  },
  'tp-survey-responded': {
    name: { en: 'Survey answer', sv: 'Svar på kundenkät', da: 'Svar på kundeundersøgelse' },
    description: {
      en: 'The customer answers an NPS or satisfaction survey sent after the order (Survey Responded, not in the Segment spec).',
      sv: 'Kunden svarar på en NPS- eller nöjdhetsenkät som skickats efter ordern (Survey Responded, ingår inte i Segments specifikation).',
      da: 'Kunden svarer på en NPS- eller tilfredshedsundersøgelse, der er sendt efter ordren (Survey Responded, indgår ikke i Segments specifikation).',
    },
    channel: 'email',
    owner: TEAMS.customerService,
    rule: { type: 'track', events: ['Survey Responded'] },
  },
  'tp-support-contact': {
    name: { en: 'Customer service contact', sv: 'Kontakt med kundservice', da: 'Kontakt med kundeservice' },
    description: {
      en: 'A support ticket about an order (properties.order_id set), other than delivery questions: returns, sizes, faults, payment.',
      sv: 'Ett ärende om en order (properties.order_id finns), utom leveransfrågor: returer, storlekar, fel och betalning.',
      da: 'En henvendelse om en ordre (properties.order_id findes), bortset fra leveringsspørgsmål: returneringer, størrelser, fejl og betaling.',
    },
    channel: 'support',
    owner: TEAMS.customerService,
    rule: {
      type: 'track',
      events: ['Support Ticket Created'],
      where: [
        { path: 'properties.order_id', op: 'exists' },
        { path: 'properties.topic', op: 'neq', value: 'delivery' },
      ],
    },
  },
  'tp-phone-support': {
    name: { en: 'Phone call to customer service', sv: 'Samtal till kundservice', da: 'Opkald til kundeservice' },
    description: {
      en: 'The same tickets when the customer called (properties.channel = "phone").',
      sv: 'Samma ärenden när kunden har ringt (properties.channel = "phone").',
      da: 'De samme henvendelser, når kunden har ringet (properties.channel = "phone").',
    },
    channel: 'phone',
    owner: TEAMS.customerService,
    rule: {
      type: 'track',
      events: ['Support Ticket Created'],
      where: [
        { path: 'properties.order_id', op: 'exists' },
        { path: 'properties.topic', op: 'neq', value: 'delivery' },
        { path: 'properties.channel', op: 'eq', value: 'phone' },
      ],
    },
  },
  'tp-order-refunded': {
    name: { en: 'Return and refund', sv: 'Retur och återbetalning', da: 'Returnering og refusion' },
    description: {
      en: 'The customer sends goods back and gets the money back (Order Refunded).',
      sv: 'Kunden skickar tillbaka varor och får pengarna tillbaka (Order Refunded).',
      da: 'Kunden sender varer retur og får pengene tilbage (Order Refunded).',
    },
    channel: 'delivery',
    owner: TEAMS.customerService,
    rule: { type: 'track', events: ['Order Refunded'] },
  },
  'tp-order-cancelled': {
    name: { en: 'Order cancelled', sv: 'Avbeställd order', da: 'Annulleret ordre' },
    description: {
      en: 'The order is cancelled before delivery, by the customer or the shop (Order Cancelled).',
      sv: 'Ordern avbryts före leveransen, av kunden eller butiken (Order Cancelled).',
      da: 'Ordren bliver annulleret før leveringen, af kunden eller butikken (Order Cancelled).',
    },
    channel: 'web',
    owner: TEAMS.customerService,
    rule: { type: 'track', events: ['Order Cancelled'] },
  },
} satisfies Record<string, TouchpointContent>;

export type TouchpointId = keyof typeof TOUCHPOINTS;
