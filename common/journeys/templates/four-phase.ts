import type { MessageId } from './messages.ts';
import type { PersonaId } from './personas.ts';
import { TEAMS, type TemplateContent } from './text.ts';
import type { TouchpointId } from './touchpoints.ts';

/** A compact journey for smaller shops: everything before the first order is engagement. */
export const FOUR_PHASE: TemplateContent<TouchpointId, PersonaId, MessageId> = {
  title: { en: 'Four-phase customer journey', sv: 'Kundresa i fyra faser', da: 'Kunderejse i fire faser' },
  description: {
    en: 'A compact journey for smaller shops: awareness, engagement, conversion and retention. Engagement gathers everything a customer does before the first order; retention starts with the second.',
    sv: 'En kompakt kundresa för mindre butiker: kännedom, engagemang, konvertering och återköp. Engagemang samlar allt kunden gör före den första beställningen; återköp börjar med den andra.',
    da: 'En kompakt kunderejse til mindre butikker: kendskab, engagement, konvertering og genkøb. Engagement samler alt, hvad kunden gør før den første ordre; genkøb begynder med den anden.',
  },
  stages: [
    {
      key: 'awareness',
      name: { en: 'Awareness', sv: 'Kännedom', da: 'Kendskab' },
      description: {
        en: 'The customer finds the shop through an ad, a social media post, a partner’s recommendation or a search. Every visit puts the customer on the map; the campaign touchpoints show which channel brought them.',
        sv: 'Kunden hittar butiken via en annons, ett inlägg i sociala medier, en partners rekommendation eller en sökning. Varje besök sätter kunden på kartan; kampanjernas kontaktpunkter visar vilken kanal som förde dem dit.',
        da: 'Kunden finder butikken via en annonce, et opslag på sociale medier, en partners anbefaling eller en søgning. Hvert besøg sætter kunden på kortet; kampagnernes kontaktpunkter viser, hvilken kanal der bragte dem hertil.',
      },
      goals: [
        { en: 'Get inspired', sv: 'Bli inspirerad', da: 'Blive inspireret' },
        { en: 'Find out what the shop offers', sv: 'Ta reda på vad butiken erbjuder', da: 'Finde ud af, hvad butikken tilbyder' },
      ],
      needs: [
        { en: 'Content that feels personal rather than pushy', sv: 'Innehåll som känns personligt snarare än säljigt', da: 'Indhold, der føles personligt frem for sælgende' },
        { en: 'A landing page that keeps the ad’s promise', sv: 'En landningssida som håller vad annonsen lovar', da: 'En landingsside, der holder, hvad annoncen lover' },
      ],
      thoughts: [
        { en: 'My favourite influencer uses this', sv: 'Min favoritinfluencer använder den här', da: 'Min yndlingsinfluencer bruger den her' },
        { en: 'Is this a real shop or a scam?', sv: 'Är det här en riktig butik eller en bluff?', da: 'Er det en rigtig butik eller svindel?' },
      ],
      emotion: 1,
      painPoints: [
        {
          en: 'Visitors bounce from landing pages that do not match the ad',
          sv: 'Besökare lämnar direkt när landningssidan inte matchar annonsen',
          da: 'Besøgende smutter igen, når landingssiden ikke passer til annoncen',
        },
        {
          en: 'Partner and influencer traffic is invisible without UTM tags',
          sv: 'Trafik från partner och influencers syns inte utan UTM-taggar',
          da: 'Trafik fra partnere og influencere er usynlig uden UTM-tags',
        },
      ],
      opportunities: [
        { en: 'Give every partner and influencer a tagged link', sv: 'Ge varje partner och influencer en taggad länk', da: 'Giv hver partner og influencer et tagget link' },
        {
          en: 'Retarget only visitors who engaged, and stop after the purchase',
          sv: 'Visa retargetingannonser bara för besökare som har engagerat sig, och sluta efter köpet',
          da: 'Vis kun retargetingannoncer til besøgende, der har engageret sig, og stop efter købet',
        },
      ],
      team: TEAMS.marketing,
      touchpoints: ['tp-any-activity', 'tp-search-ad-click', 'tp-paid-social-click', 'tp-social-post-click', 'tp-partner-link'],
    },
    {
      key: 'engagement',
      name: { en: 'Engagement', sv: 'Engagemang', da: 'Engagement' },
      description: {
        en: 'The customer explores: searches, reads product pages, saves favourites, creates an account or signs up for the newsletter, fills the cart, perhaps visits a store. The stage lasts until the first order.',
        sv: 'Kunden utforskar: söker, läser produktsidor, sparar favoriter, skapar konto eller anmäler sig till nyhetsbrevet, fyller varukorgen och besöker kanske en butik. Fasen varar fram till den första beställningen.',
        da: 'Kunden udforsker: søger, læser produktsider, gemmer favoritter, opretter en konto eller tilmelder sig nyhedsbrevet, fylder kurven og besøger måske en butik. Fasen varer indtil den første ordre.',
      },
      goals: [
        { en: 'Find and compare products', sv: 'Hitta och jämföra produkter', da: 'Finde og sammenligne produkter' },
        { en: 'Save favourites for later', sv: 'Spara favoriter till senare', da: 'Gemme favoritter til senere' },
        { en: 'Get a welcome discount', sv: 'Få en välkomstrabatt', da: 'Få en velkomstrabat' },
      ],
      needs: [
        { en: 'A search that understands what they mean', sv: 'En sökfunktion som förstår vad de menar', da: 'En søgning, der forstår, hvad de mener' },
        {
          en: 'A cart and wishlist that follow them across devices',
          sv: 'En varukorg och önskelista som följer med mellan enheterna',
          da: 'En kurv og en ønskeliste, der følger med på tværs af enheder',
        },
      ],
      thoughts: [
        { en: 'I’ll sign up for the 10% discount', sv: 'Jag anmäler mig för att få 10 % rabatt', da: 'Jeg tilmelder mig for at få 10 % rabat' },
        { en: 'Let’s see what it costs with shipping', sv: 'Vi får se vad det kostar med frakt', da: 'Lad os se, hvad det koster med fragt' },
        { en: 'I’ll wait for the sale', sv: 'Jag väntar till rean', da: 'Jeg venter til udsalget' },
      ],
      emotion: -1,
      painPoints: [
        { en: 'Carts are abandoned at the shipping cost', sv: 'Varukorgar överges vid fraktkostnaden', da: 'Kurve bliver forladt ved fragtprisen' },
        { en: 'The welcome code arrives late or does not work', sv: 'Välkomstkoden kommer sent eller fungerar inte', da: 'Velkomstkoden kommer for sent eller virker ikke' },
        { en: 'Creating an account asks for too much', sv: 'Att skapa konto kräver för många uppgifter', da: 'Kontooprettelsen kræver for mange oplysninger' },
      ],
      opportunities: [
        { en: 'An abandoned-cart reminder after one hour', sv: 'En påminnelse om övergiven varukorg efter en timme', da: 'En påmindelse om forladt kurv efter en time' },
        {
          en: 'Back-in-stock alerts for wishlist products',
          sv: 'Bevakning när produkter på önskelistan finns i lager igen',
          da: 'Besked, når produkter på ønskelisten er på lager igen',
        },
        {
          en: 'Show the welcome code at once on screen and send it by email',
          sv: 'Visa välkomstkoden direkt på skärmen och skicka den via mejl',
          da: 'Vis velkomstkoden med det samme på skærmen, og send den på mail',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: [
        'tp-products-searched',
        'tp-product-list-viewed',
        'tp-product-viewed',
        'tp-wishlist-added',
        'tp-product-added',
        'tp-checkout-started',
        'tp-signed-up',
        'tp-newsletter-subscribed',
        'tp-newsletter-click',
        'tp-store-visit',
      ],
    },
    {
      key: 'conversion',
      name: { en: 'Conversion', sv: 'Konvertering', da: 'Konvertering' },
      description: {
        en: 'The first order, online or in a store. The customer is relieved and curious; the stage covers confirmation, delivery and the first impression of the product, until the customer buys again.',
        sv: 'Den första beställningen, på nätet eller i butik. Kunden är lättad och nyfiken; fasen omfattar bekräftelse, leverans och det första intrycket av produkten, tills kunden handlar igen.',
        da: 'Den første ordre, online eller i butikken. Kunden er lettet og spændt; fasen dækker bekræftelse, levering og det første indtryk af produktet, indtil kunden køber igen.',
      },
      goals: [
        { en: 'Complete the purchase quickly and safely', sv: 'Genomföra köpet snabbt och tryggt', da: 'Gennemføre købet hurtigt og sikkert' },
        { en: 'Receive the order as promised', sv: 'Få beställningen som utlovat', da: 'Få ordren som lovet' },
      ],
      needs: [
        { en: 'Familiar payment methods', sv: 'Välkända betalsätt', da: 'Velkendte betalingsmetoder' },
        { en: 'Confirmation and tracking without having to ask', sv: 'Bekräftelse och spårning utan att behöva fråga', da: 'Bekræftelse og sporing uden at skulle spørge' },
      ],
      thoughts: [
        { en: 'Done! When does it arrive?', sv: 'Klart! När kommer det?', da: 'Færdig! Hvornår kommer den?' },
        { en: 'I hope it fits', sv: 'Jag hoppas att den passar', da: 'Jeg håber, den passer' },
      ],
      emotion: 2,
      painPoints: [
        { en: 'Payment problems at the last step', sv: 'Problem med betalningen i sista steget', da: 'Problemer med betalingen i sidste trin' },
        {
          en: 'Store purchases are not linked to the online profile',
          sv: 'Köp i butik kopplas inte till kundprofilen på nätet',
          da: 'Køb i butikken bliver ikke knyttet til kundeprofilen online',
        },
      ],
      opportunities: [
        {
          en: 'A thank-you email with care tips instead of another sales pitch',
          sv: 'Ett tackmejl med skötselråd i stället för ännu ett säljutskick',
          da: 'En takkemail med plejeråd i stedet for endnu en salgsmail',
        },
        {
          en: 'Ask for a phone number or email at the till for a digital receipt',
          sv: 'Be om telefonnummer eller mejladress i kassan för digitalt kvitto',
          da: 'Bed om telefonnummer eller mailadresse ved kassen til digital kvittering',
        },
        { en: 'An offer for the second order after three weeks', sv: 'Ett erbjudande inför nästa köp efter tre veckor', da: 'Et tilbud på næste køb efter tre uger' },
      ],
      team: TEAMS.ecommerce,
      touchpoints: ['tp-order-completed', 'tp-store-purchase'],
    },
    {
      key: 'retention',
      name: { en: 'Retention', sv: 'Återköp', da: 'Genkøb' },
      description: {
        en: 'The customer has bought a second time, online or in a store. From here on, keep them close with relevant offers, member benefits and good service.',
        sv: 'Kunden har handlat en andra gång, på nätet eller i butik. Från och med nu gäller det att behålla kunden med relevanta erbjudanden, medlemsförmåner och bra service.',
        da: 'Kunden har købt for anden gang, online eller i butikken. Herfra gælder det om at holde fast i kunden med relevante tilbud, medlemsfordele og god service.',
      },
      goals: [
        { en: 'Shop again without hassle', sv: 'Handla igen utan krångel', da: 'Handle igen uden besvær' },
        { en: 'Be rewarded for their loyalty', sv: 'Bli belönade för sin lojalitet', da: 'Blive belønnet for deres loyalitet' },
      ],
      needs: [
        { en: 'Personal recommendations', sv: 'Personliga rekommendationer', da: 'Personlige anbefalinger' },
        { en: 'Benefits that work in every channel', sv: 'Förmåner som fungerar i alla kanaler', da: 'Fordele, der virker i alle kanaler' },
      ],
      thoughts: [
        { en: 'This is my go-to shop now', sv: 'Det här är min självklara butik nu', da: 'Det er min foretrukne butik nu' },
        { en: 'Do they have anything new?', sv: 'Har de något nytt?', da: 'Har de noget nyt?' },
      ],
      emotion: 1,
      painPoints: [
        { en: 'Generic mass emails', sv: 'Generella massutskick', da: 'Generelle masseudsendelser' },
        { en: 'Regulars are not recognised in the store', sv: 'Stamkunder blir inte igenkända i butiken', da: 'Stamkunder bliver ikke genkendt i butikken' },
      ],
      opportunities: [
        { en: 'A win-back email after 90 days without an order', sv: 'Ett återaktiveringsmejl efter 90 dagar utan köp', da: 'En genaktiveringsmail efter 90 dage uden køb' },
        { en: 'A birthday greeting with a member offer', sv: 'En födelsedagshälsning med medlemserbjudande', da: 'En fødselsdagshilsen med medlemstilbud' },
      ],
      team: TEAMS.crm,
      touchpoints: ['tp-repeat-order', 'tp-repeat-store-purchase'],
    },
  ],
  personas: ['pe-newsletter-reader', 'pe-app-shopper', 'pe-omnichannel'],
  messages: [
    ['ms-search-ad', 'awareness'],
    ['ms-paid-social-ad', 'awareness'],
    ['ms-welcome-email', 'engagement'],
    ['ms-abandoned-cart-email', 'engagement'],
    ['ms-back-in-stock', 'engagement'],
    ['ms-app-welcome-push', 'engagement'],
    ['ms-order-confirmation', 'conversion'],
    ['ms-digital-receipt', 'conversion'],
    ['ms-second-order-offer', 'conversion'],
    ['ms-member-birthday', 'retention'],
    ['ms-winback', 'retention'],
  ],
};
