import type { MessageContent } from './text.ts';

/** Every message the templates use, keyed by its id; each template places them on its own stages. */
export const MESSAGES = {
  'ms-search-ad': {
    name: { en: 'Search ads on product searches', sv: 'Sökannonser på produktsökningar', da: 'Søgeannoncer på produktsøgninger' },
    kind: 'ad',
    channel: 'search',
    timing: {
      en: 'Always on, for brand and product searches',
      sv: 'Alltid aktiva, på sökningar efter varumärket och produkterna',
      da: 'Altid aktive på søgninger efter brandet og produkterne',
    },
    description: {
      en: 'Shopping and text ads that land on the matching category or product page, tagged utm_medium=cpc.',
      sv: 'Shopping- och textannonser som landar på rätt kategori- eller produktsida, taggade med utm_medium=cpc.',
      da: 'Shopping- og tekstannoncer, der lander på den rigtige kategori- eller produktside, tagget med utm_medium=cpc.',
    },
  },
  'ms-paid-social-ad': {
    name: { en: 'Inspiration ad in social media', sv: 'Inspirationsannons i sociala medier', da: 'Inspirationsannonce på sociale medier' },
    kind: 'ad',
    channel: 'ads',
    timing: { en: 'At the start of each season and around campaigns', sv: 'Vid varje säsongsstart och kring kampanjer', da: 'Ved hver sæsonstart og omkring kampagner' },
    description: {
      en: 'A short video or carousel showing the products in use, tagged utm_medium=paid_social.',
      sv: 'En kort video eller karusell som visar produkterna i användning, taggad med utm_medium=paid_social.',
      da: 'En kort video eller karrusel, der viser produkterne i brug, tagget med utm_medium=paid_social.',
    },
  },
  'ms-retargeting-ad': {
    name: { en: 'Retargeting ad for viewed products', sv: 'Retargetingannons för visade produkter', da: 'Retargetingannonce for sete produkter' },
    kind: 'ad',
    channel: 'ads',
    timing: {
      en: '1–7 days after a product page visit without an order; stops at purchase',
      sv: '1–7 dagar efter ett besök på en produktsida utan köp; upphör vid köp',
      da: '1–7 dage efter et besøg på en produktside uden køb; stopper ved køb',
    },
    description: {
      en: 'Shows the products the visitor looked at, at most three times a week.',
      sv: 'Visar produkterna som besökaren tittade på, högst tre gånger i veckan.',
      da: 'Viser de produkter, den besøgende kiggede på, højst tre gange om ugen.',
    },
  },
  'ms-welcome-email': {
    name: { en: 'Welcome email with discount code', sv: 'Välkomstmejl med rabattkod', da: 'Velkomstmail med rabatkode' },
    kind: 'email',
    channel: 'email',
    timing: { en: 'Right after the newsletter sign-up', sv: 'Direkt efter anmälan till nyhetsbrevet', da: 'Lige efter tilmeldingen til nyhedsbrevet' },
    description: {
      en: 'Thanks the subscriber, introduces the shop and gives a 10% code for the first order.',
      sv: 'Tackar för anmälan, presenterar butiken och ger en kod på 10 % rabatt på första beställningen.',
      da: 'Takker for tilmeldingen, præsenterer butikken og giver en kode på 10 % rabat på første ordre.',
    },
  },
  'ms-free-shipping-bar': {
    name: { en: 'Free-shipping progress bar', sv: 'Mätare för fri frakt', da: 'Bjælke for fri fragt' },
    kind: 'site',
    channel: 'web',
    timing: {
      en: 'In the cart while the total is below the free-shipping threshold',
      sv: 'I varukorgen så länge summan ligger under gränsen för fri frakt',
      da: 'I kurven, så længe beløbet er under grænsen for fri fragt',
    },
    description: {
      en: 'Shows how much is left to free shipping, with suggestions for small add-ons.',
      sv: 'Visar hur mycket som återstår till fri frakt, med förslag på små tillägg.',
      da: 'Viser, hvor meget der mangler til fri fragt, med forslag til små ekstra varer.',
    },
  },
  'ms-abandoned-cart-email': {
    name: { en: 'Abandoned cart reminder', sv: 'Påminnelse om varukorgen', da: 'Påmindelse om din kurv' },
    kind: 'email',
    channel: 'email',
    timing: {
      en: '1 hour after the cart is abandoned; stops when the order is placed',
      sv: '1 timme efter att varukorgen har övergetts; upphör när ordern läggs',
      da: '1 time efter, at kurven er forladt; stopper, når ordren er afgivet',
    },
    description: {
      en: 'Shows the products left in the cart with a link straight back to checkout.',
      sv: 'Visar produkterna som ligger kvar i varukorgen, med en länk direkt tillbaka till kassan.',
      da: 'Viser de varer, der ligger i kurven, med et link direkte tilbage til kassen.',
    },
  },
  'ms-abandoned-cart-sms': {
    name: { en: 'Cart reminder by SMS', sv: 'Påminnelse om varukorgen via sms', da: 'Påmindelse om kurven på sms' },
    kind: 'sms',
    channel: 'sms',
    timing: {
      en: '24 hours after the cart is abandoned, if there is still no order and the customer has agreed to SMS',
      sv: '24 timmar efter att varukorgen övergavs, om ingen order har lagts och kunden har godkänt sms',
      da: '24 timer efter, at kurven blev forladt, hvis der stadig ikke er afgivet en ordre, og kunden har sagt ja til sms',
    },
    description: {
      en: 'A short, personal nudge with a link to the cart; sent once.',
      sv: 'En kort, personlig påminnelse med länk till varukorgen; skickas en gång.',
      da: 'Et kort, personligt skub med link til kurven; sendes én gang.',
    },
  },
  'ms-back-in-stock': {
    name: { en: 'Back-in-stock alert', sv: 'Bevakning: åter i lager', da: 'Besked: på lager igen' },
    kind: 'email',
    channel: 'email',
    timing: {
      en: 'As soon as a wishlist product is back in stock',
      sv: 'Så snart en produkt på önskelistan finns i lager igen',
      da: 'Så snart et produkt på ønskelisten er på lager igen',
    },
    description: {
      en: 'One email per product, in the size the customer saved.',
      sv: 'Ett mejl per produkt, i den storlek kunden sparade.',
      da: 'Én mail pr. produkt i den størrelse, kunden har gemt.',
    },
  },
  'ms-app-welcome-push': {
    name: { en: 'Welcome notification in the app', sv: 'Välkomstnotis i appen', da: 'Velkomstbesked i appen' },
    kind: 'push',
    channel: 'app',
    timing: {
      en: 'After the first app session, if the customer has allowed notifications',
      sv: 'Efter första sessionen i appen, om kunden har tillåtit notiser',
      da: 'Efter første session i appen, hvis kunden har tilladt notifikationer',
    },
    description: {
      en: 'Points to saved favourites and offers that only exist in the app.',
      sv: 'Tipsar om sparade favoriter och erbjudanden som bara finns i appen.',
      da: 'Gør opmærksom på gemte favoritter og tilbud, der kun findes i appen.',
    },
  },
  'ms-order-confirmation': {
    name: { en: 'Order confirmation', sv: 'Orderbekräftelse', da: 'Ordrebekræftelse' },
    kind: 'email',
    channel: 'email',
    timing: { en: 'Immediately after the order', sv: 'Direkt efter beställningen', da: 'Straks efter bestillingen' },
    description: {
      en: 'Order number, products, total, delivery method and expected delivery date.',
      sv: 'Ordernummer, produkter, totalbelopp, leveranssätt och beräknat leveransdatum.',
      da: 'Ordrenummer, varer, totalbeløb, leveringsmetode og forventet leveringsdato.',
    },
  },
  'ms-digital-receipt': {
    name: { en: 'Digital receipt after a store purchase', sv: 'Digitalt kvitto efter köp i butik', da: 'Digital kvittering efter køb i butik' },
    kind: 'email',
    channel: 'email',
    timing: { en: 'Right after payment at the till', sv: 'Direkt efter betalningen i kassan', da: 'Lige efter betalingen ved kassen' },
    description: {
      en: 'Receipt, return terms and a link to the member account, so store and online purchases end up in one profile.',
      sv: 'Kvitto, returvillkor och en länk till medlemskontot, så att köp i butik och på nätet hamnar i samma profil.',
      da: 'Kvittering, returregler og et link til medlemskontoen, så køb i butikken og online havner i samme profil.',
    },
  },
  'ms-shipping-sms': {
    name: { en: 'Shipping notification with tracking link', sv: 'Leveransavisering med spårningslänk', da: 'Forsendelsesbesked med sporingslink' },
    kind: 'sms',
    channel: 'sms',
    timing: { en: 'When the parcel leaves the warehouse', sv: 'När paketet lämnar lagret', da: 'Når pakken forlader lageret' },
    description: {
      en: 'Carrier, tracking link and the chosen pickup point or delivery window.',
      sv: 'Transportör, spårningslänk och valt ombud eller leveransfönster.',
      da: 'Fragtfirma, sporingslink og valgt pakkeshop eller leveringstidsrum.',
    },
  },
  'ms-pickup-reminder': {
    name: { en: 'Pickup reminder', sv: 'Påminnelse om att hämta paketet', da: 'Påmindelse om at hente pakken' },
    kind: 'sms',
    channel: 'sms',
    timing: {
      en: '3 days after the parcel reached the pickup point, if it has not been collected',
      sv: '3 dagar efter att paketet kom fram till ombudet, om det inte har hämtats',
      da: '3 dage efter, at pakken er kommet frem til pakkeshoppen, hvis den ikke er hentet',
    },
    description: {
      en: 'Reminds the customer before the parcel is sent back, with the pickup code and opening hours.',
      sv: 'Påminner kunden innan paketet skickas tillbaka, med utlämningskod och öppettider.',
      da: 'Minder kunden om pakken, før den bliver sendt retur, med afhentningskode og åbningstider.',
    },
  },
  'ms-review-request': {
    name: { en: 'Review request', sv: 'Förfrågan om omdöme', da: 'Anmodning om anmeldelse' },
    kind: 'email',
    channel: 'email',
    timing: { en: '7 days after delivery', sv: '7 dagar efter leveransen', da: '7 dage efter leveringen' },
    description: {
      en: 'Asks for a rating of the product; low ratings go to customer service for a follow-up.',
      sv: 'Ber om ett betyg på produkten; låga betyg går vidare till kundservice för uppföljning.',
      da: 'Beder om en bedømmelse af produktet; lave bedømmelser går videre til kundeservice til opfølgning.',
    },
  },
  'ms-second-order-offer': {
    name: { en: 'Offer for the second order', sv: 'Erbjudande inför nästa köp', da: 'Tilbud på næste køb' },
    kind: 'email',
    channel: 'email',
    timing: {
      en: '21 days after the first order, if there is no second order yet',
      sv: '21 dagar efter första beställningen, om det inte har kommit någon andra beställning',
      da: '21 dage efter den første ordre, hvis der endnu ikke er kommet en ordre mere',
    },
    description: {
      en: 'Suggests products that go with the first purchase, with a time-limited offer.',
      sv: 'Föreslår produkter som passar till det första köpet, med ett tidsbegränsat erbjudande.',
      da: 'Foreslår produkter, der passer til det første køb, med et tidsbegrænset tilbud.',
    },
  },
  'ms-winback': {
    name: { en: 'Win-back email', sv: 'Återaktiveringsmejl', da: 'Genaktiveringsmail' },
    kind: 'email',
    channel: 'email',
    timing: { en: '90 days after the last order', sv: '90 dagar efter senaste beställningen', da: '90 dage efter seneste ordre' },
    description: {
      en: 'We miss you: news in the customer’s favourite categories and a personal offer.',
      sv: 'Vi saknar dig: nyheter i kundens favoritkategorier och ett personligt erbjudande.',
      da: 'Vi savner dig: nyheder i kundens yndlingskategorier og et personligt tilbud.',
    },
  },
  'ms-member-birthday': {
    name: { en: 'Birthday greeting with member offer', sv: 'Födelsedagshälsning med medlemserbjudande', da: 'Fødselsdagshilsen med medlemstilbud' },
    kind: 'email',
    channel: 'email',
    timing: {
      en: 'On the customer’s birthday, at 9 in the morning local time',
      sv: 'På kundens födelsedag, klockan 9 på morgonen lokal tid',
      da: 'På kundens fødselsdag kl. 9 om morgenen lokal tid',
    },
    description: {
      en: 'A greeting and an offer valid for two weeks; only for customers who have given their birthday.',
      sv: 'En hälsning och ett erbjudande som gäller i två veckor; bara till kunder som har uppgett sin födelsedag.',
      da: 'En hilsen og et tilbud, der gælder i to uger; kun til kunder, der har oplyst deres fødselsdag.',
    },
  },
  'ms-referral-invite': {
    name: { en: 'Refer-a-friend invitation', sv: 'Inbjudan att tipsa en vän', da: 'Invitation til at anbefale en ven' },
    kind: 'email',
    channel: 'email',
    timing: { en: 'The day after a 4 or 5-star review', sv: 'Dagen efter ett omdöme med 4 eller 5 stjärnor', da: 'Dagen efter en anmeldelse med 4 eller 5 stjerner' },
    description: {
      en: 'A personal link that gives the friend a discount and the customer a reward when the friend orders.',
      sv: 'En personlig länk som ger vännen rabatt och kunden en belöning när vännen beställer.',
      da: 'Et personligt link, der giver vennen rabat og kunden en belønning, når vennen bestiller.',
    },
  },
} satisfies Record<string, MessageContent>;

export type MessageId = keyof typeof MESSAGES;
