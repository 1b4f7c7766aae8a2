import type { MessageId } from './messages.ts';
import type { PersonaId } from './personas.ts';
import { TEAMS, type TemplateContent } from './text.ts';
import type { TouchpointId } from './touchpoints.ts';

/**
 * The classic customer lifecycle. Its stage-entry rules are fixed (the tests assert them exactly): any
 * activity; a product view, list view or search; the first order; the second order; a review or share.
 */
export const FIVE_PHASE: TemplateContent<TouchpointId, PersonaId, MessageId> = {
  title: { en: 'Five-phase customer journey', sv: 'Kundresa i fem faser', da: 'Kunderejse i fem faser' },
  description: {
    en: 'The classic customer lifecycle: awareness, consideration, purchase, retention and advocacy. Retention starts with the second order, advocacy when the customer reviews or shares a product.',
    sv: 'Den klassiska kundlivscykeln: kännedom, övervägande, köp, återköp och ambassadörskap. Återköp börjar med den andra beställningen, ambassadörskap när kunden recenserar eller delar en produkt.',
    da: 'Den klassiske kundelivscyklus: kendskab, overvejelse, køb, genkøb og ambassadørskab. Genkøb begynder med den anden ordre, ambassadørskab når kunden anmelder eller deler et produkt.',
  },
  stages: [
    {
      key: 'awareness',
      name: { en: 'Awareness', sv: 'Kännedom', da: 'Kendskab' },
      description: {
        en: 'The customer notices the brand for the first time: an ad, a search result, a post shared by a friend. Every first visit or app session places the customer here.',
        sv: 'Kunden lägger märke till varumärket för första gången: en annons, ett sökresultat, ett inlägg som en vän har delat. Varje första besök eller appsession placerar kunden här.',
        da: 'Kunden lægger mærke til brandet for første gang: en annonce, et søgeresultat, et opslag, som en ven har delt. Hvert første besøg eller hver første app-session placerer kunden her.',
      },
      goals: [
        { en: 'Discover products that fit their everyday life', sv: 'Upptäcka produkter som passar in i vardagen', da: 'Opdage produkter, der passer ind i hverdagen' },
        { en: 'Decide quickly whether the brand is for them', sv: 'Snabbt avgöra om varumärket är något för dem', da: 'Hurtigt afgøre, om brandet er noget for dem' },
      ],
      needs: [
        {
          en: 'A clear first impression: what the shop sells and for whom',
          sv: 'Ett tydligt första intryck: vad butiken säljer och till vem',
          da: 'Et klart førstehåndsindtryk: hvad butikken sælger, og til hvem',
        },
        { en: 'Fast pages on mobile', sv: 'Snabba sidor i mobilen', da: 'Hurtige sider på mobilen' },
      ],
      thoughts: [
        { en: 'Haven’t seen this brand before', sv: 'Det här märket har jag inte sett förut', da: 'Det mærke har jeg ikke set før' },
        { en: 'Looks nice – but is it expensive?', sv: 'Ser snyggt ut – men är det dyrt?', da: 'Ser lækkert ud – men er det dyrt?' },
      ],
      emotion: 0,
      painPoints: [
        {
          en: 'Ad spend goes to visitors who never come back',
          sv: 'Annonsbudgeten går till besökare som aldrig kommer tillbaka',
          da: 'Annoncebudgettet bruges på besøgende, der aldrig kommer igen',
        },
        { en: 'Slow landing pages lose mobile visitors', sv: 'Långsamma landningssidor tappar mobilbesökare', da: 'Langsomme landingssider mister mobilbesøgende' },
      ],
      opportunities: [
        {
          en: 'Compare channels by the share of visitors who reach consideration, not by clicks',
          sv: 'Jämför kanaler efter andelen besökare som når övervägande, inte efter klick',
          da: 'Sammenlign kanaler ud fra andelen af besøgende, der når overvejelse, ikke ud fra klik',
        },
        {
          en: 'Offer a newsletter sign-up with a welcome gift',
          sv: 'Erbjud anmälan till nyhetsbrevet med en välkomstgåva',
          da: 'Tilbyd tilmelding til nyhedsbrevet med en velkomstgave',
        },
      ],
      team: TEAMS.marketing,
      touchpoints: ['tp-any-activity'],
    },
    {
      key: 'consideration',
      name: { en: 'Consideration', sv: 'Övervägande', da: 'Overvejelse' },
      description: {
        en: 'The customer searches, browses categories and reads product pages, often over several visits and devices, and works towards the first order. Uncertainty about size, quality and total cost is at its highest.',
        sv: 'Kunden söker, bläddrar i kategorier och läser produktsidor, ofta under flera besök och på olika enheter, och närmar sig den första beställningen. Osäkerheten kring storlek, kvalitet och totalkostnad är som störst.',
        da: 'Kunden søger, kigger i kategorier og læser produktsider, ofte over flere besøg og på forskellige enheder, og nærmer sig den første ordre. Usikkerheden om størrelse, kvalitet og samlet pris er størst her.',
      },
      goals: [
        { en: 'Find the right product quickly', sv: 'Hitta rätt produkt snabbt', da: 'Finde det rigtige produkt hurtigt' },
        { en: 'Compare price, quality and delivery', sv: 'Jämföra pris, kvalitet och leverans', da: 'Sammenligne pris, kvalitet og levering' },
        { en: 'Feel confident enough to buy', sv: 'Känna sig tillräckligt trygg för att köpa', da: 'Føle sig tryg nok til at købe' },
      ],
      needs: [
        { en: 'Good search and filters', sv: 'Bra sökfunktion och filter', da: 'God søgning og gode filtre' },
        { en: 'Reviews from real customers', sv: 'Omdömen från riktiga kunder', da: 'Anmeldelser fra rigtige kunder' },
        { en: 'Shipping cost and delivery time shown early', sv: 'Fraktkostnad och leveranstid som syns tidigt', da: 'Fragtpris og leveringstid, der vises tidligt' },
      ],
      thoughts: [
        { en: 'Does it come in my size?', sv: 'Finns den i min storlek?', da: 'Findes den i min størrelse?' },
        { en: 'I’ll think about it and come back', sv: 'Jag funderar lite och återkommer', da: 'Jeg tænker lige over det og kommer tilbage' },
        { en: 'What do other buyers say?', sv: 'Vad tycker andra som har köpt den?', da: 'Hvad siger andre, der har købt den?' },
      ],
      emotion: -1,
      painPoints: [
        { en: 'Searches end without results', sv: 'Sökningar slutar utan träffar', da: 'Søgninger ender uden resultater' },
        { en: 'Carts are abandoned when the shipping cost shows up', sv: 'Varukorgar överges när fraktkostnaden dyker upp', da: 'Kurve bliver forladt, når fragtprisen dukker op' },
        {
          en: 'Saved products are lost when switching from mobile to computer',
          sv: 'Sparade produkter försvinner när kunden byter från mobilen till datorn',
          da: 'Gemte produkter forsvinder, når kunden skifter fra mobil til computer',
        },
      ],
      opportunities: [
        {
          en: 'Remind customers of viewed products with a personal email',
          sv: 'Påminn om visade produkter med ett personligt mejl',
          da: 'Mind kunderne om sete produkter med en personlig mail',
        },
        {
          en: 'Turn searches without results into new synonyms and range ideas',
          sv: 'Gör sökningar utan träffar till nya synonymer och sortimentsidéer',
          da: 'Gør søgninger uden resultater til nye synonymer og sortimentsidéer',
        },
        {
          en: 'Show reviews and size advice next to the buy button',
          sv: 'Visa omdömen och storleksråd intill köpknappen',
          da: 'Vis anmeldelser og størrelsesråd ved siden af købsknappen',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: ['tp-product-viewed', 'tp-product-list-viewed', 'tp-products-searched'],
    },
    {
      key: 'purchase',
      name: { en: 'Purchase', sv: 'Köp', da: 'Køb' },
      description: {
        en: 'The first order is placed. The stage lasts until the customer buys again, so it covers the whole first experience: confirmation, delivery, unpacking and perhaps a return.',
        sv: 'Den första beställningen är lagd. Fasen varar tills kunden handlar igen och omfattar alltså hela den första upplevelsen: bekräftelse, leverans, uppackning och kanske en retur.',
        da: 'Den første ordre er afgivet. Fasen varer, indtil kunden køber igen, og dækker altså hele den første oplevelse: bekræftelse, levering, udpakning og måske en returnering.',
      },
      goals: [
        { en: 'A smooth first order that arrives on time', sv: 'En smidig första beställning som kommer i tid', da: 'En gnidningsfri første ordre, der kommer til tiden' },
        { en: 'Confirmation that they made the right choice', sv: 'Bekräftelse på att de gjorde rätt val', da: 'Bekræftelse på, at de traf det rigtige valg' },
        { en: 'An easy return if something is wrong', sv: 'En enkel retur om något inte stämmer', da: 'En nem returnering, hvis noget ikke er i orden' },
      ],
      needs: [
        {
          en: 'Order confirmation and tracking without having to ask',
          sv: 'Orderbekräftelse och spårning utan att behöva fråga',
          da: 'Ordrebekræftelse og sporing uden at skulle spørge',
        },
        { en: 'A product that matches the description', sv: 'En produkt som motsvarar beskrivningen', da: 'Et produkt, der svarer til beskrivelsen' },
      ],
      thoughts: [
        { en: 'Did my order go through?', sv: 'Gick min beställning igenom?', da: 'Gik min bestilling igennem?' },
        { en: 'When will it arrive?', sv: 'När kommer det?', da: 'Hvornår kommer den?' },
        { en: 'Just as nice as in the pictures', sv: 'Precis lika fin som på bilderna', da: 'Lige så flot som på billederne' },
      ],
      emotion: 1,
      painPoints: [
        { en: 'Late or unclear news about the delivery', sv: 'Sena eller otydliga besked om leveransen', da: 'Sene eller uklare beskeder om leveringen' },
        {
          en: 'First-time buyers get the same generic emails as everyone else',
          sv: 'Förstagångskunder får samma generella mejl som alla andra',
          da: 'Førstegangskunder får de samme generelle mails som alle andre',
        },
      ],
      opportunities: [
        {
          en: 'Welcome first-time buyers with a short series: thanks, care tips, a review request',
          sv: 'Välkomna förstagångskunder med en kort serie: tack, skötselråd och en förfrågan om omdöme',
          da: 'Byd førstegangskunder velkommen med en kort serie: tak, plejeråd og en anmodning om anmeldelse',
        },
        {
          en: 'Send an offer for the second order three weeks after the first',
          sv: 'Skicka ett erbjudande inför nästa köp tre veckor efter det första',
          da: 'Send et tilbud på næste køb tre uger efter det første',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: ['tp-order-completed'],
    },
    {
      key: 'retention',
      name: { en: 'Retention', sv: 'Återköp', da: 'Genkøb' },
      description: {
        en: 'The customer has ordered a second time – the best sign that they will keep coming back. From here it is about staying relevant without becoming pushy.',
        sv: 'Kunden har beställt en andra gång – det bästa tecknet på att kunden kommer tillbaka. Härifrån handlar det om att förbli relevant utan att bli påträngande.',
        da: 'Kunden har bestilt for anden gang – det bedste tegn på, at kunden bliver ved med at komme igen. Herfra handler det om at forblive relevant uden at blive påtrængende.',
      },
      goals: [
        { en: 'Reorder favourites without effort', sv: 'Beställa favoriterna igen utan krångel', da: 'Genbestille favoritterne uden besvær' },
        { en: 'Get benefits for being a returning customer', sv: 'Få förmåner som återkommande kund', da: 'Få fordele som tilbagevendende kunde' },
        {
          en: 'Discover new products that go with what they already have',
          sv: 'Upptäcka nya produkter som passar till det de redan har',
          da: 'Opdage nye produkter, der passer til det, de allerede har',
        },
      ],
      needs: [
        { en: 'Saved addresses and payment methods', sv: 'Sparade adresser och betalsätt', da: 'Gemte adresser og betalingsmetoder' },
        { en: 'Relevant mailings, not too often', sv: 'Relevanta utskick, men inte för ofta', da: 'Relevante udsendelser, men ikke for tit' },
      ],
      thoughts: [
        { en: 'I know they deliver fast', sv: 'Jag vet att de levererar snabbt', da: 'Jeg ved, at de leverer hurtigt' },
        { en: 'Time to stock up again', sv: 'Dags att fylla på igen', da: 'Nu er det tid til at købe ind igen' },
        { en: 'Why do they email me every day?', sv: 'Varför mejlar de mig varje dag?', da: 'Hvorfor mailer de mig hver dag?' },
      ],
      emotion: 1,
      painPoints: [
        { en: 'Too many campaign emails lead to unsubscribes', sv: 'För många kampanjmejl leder till avregistreringar', da: 'For mange kampagnemails fører til afmeldinger' },
        { en: 'Regulars get nothing more than new customers', sv: 'Stamkunder får inget mer än nya kunder', da: 'Stamkunder får ikke mere end nye kunder' },
      ],
      opportunities: [
        { en: 'Birthday and member offers', sv: 'Födelsedags- och medlemserbjudanden', da: 'Fødselsdags- og medlemstilbud' },
        {
          en: 'A win-back flow for customers who have been quiet for 90 days',
          sv: 'Ett återaktiveringsflöde för kunder som har varit tysta i 90 dagar',
          da: 'Et genaktiveringsforløb for kunder, der har været stille i 90 dage',
        },
        {
          en: 'A cap on mailings per customer across all campaigns',
          sv: 'Ett tak för antalet utskick per kund över alla kampanjer',
          da: 'Et loft over antallet af udsendelser pr. kunde på tværs af alle kampagner',
        },
      ],
      team: TEAMS.crm,
      touchpoints: ['tp-repeat-order'],
    },
    {
      key: 'advocacy',
      name: { en: 'Advocacy', sv: 'Ambassadörskap', da: 'Ambassadørskab' },
      description: {
        en: 'The customer recommends the brand: writes a review or shares a product with friends. Their words reach new customers more credibly than any ad.',
        sv: 'Kunden rekommenderar varumärket: skriver ett omdöme eller delar en produkt med vänner. Deras ord når nya kunder med större trovärdighet än någon annons.',
        da: 'Kunden anbefaler brandet: skriver en anmeldelse eller deler et produkt med venner. Deres ord når nye kunder med større troværdighed end nogen annonce.',
      },
      goals: [
        { en: 'Share a good find with friends', sv: 'Dela ett bra fynd med vänner', da: 'Dele et godt fund med venner' },
        { en: 'Help other buyers choose right', sv: 'Hjälpa andra köpare att välja rätt', da: 'Hjælpe andre købere med at vælge rigtigt' },
        { en: 'Be heard when something could be better', sv: 'Bli lyssnade på när något kunde vara bättre', da: 'Blive hørt, når noget kunne være bedre' },
      ],
      needs: [
        { en: 'A review form that takes a minute', sv: 'Ett omdömesformulär som tar en minut', da: 'En anmeldelsesformular, der tager et minut' },
        { en: 'Easy sharing to the apps they use', sv: 'Enkel delning till apparna de använder', da: 'Nem deling til de apps, de bruger' },
      ],
      thoughts: [
        { en: 'I have to tell my sister about this', sv: 'Det här måste jag berätta för min syster', da: 'Det her må jeg fortælle min søster om' },
        { en: 'Does anyone even read my review?', sv: 'Läser någon ens mitt omdöme?', da: 'Er der overhovedet nogen, der læser min anmeldelse?' },
      ],
      emotion: 2,
      painPoints: [
        {
          en: 'Review requests come too early or too often',
          sv: 'Förfrågningar om omdömen kommer för tidigt eller för ofta',
          da: 'Anmodninger om anmeldelser kommer for tidligt eller for tit',
        },
        { en: 'Critical reviews go unanswered', sv: 'Kritiska omdömen får inget svar', da: 'Kritiske anmeldelser bliver ikke besvaret' },
      ],
      opportunities: [
        {
          en: 'A refer-a-friend offer after a 4 or 5-star review',
          sv: 'Ett tipsa-en-vän-erbjudande efter ett omdöme med 4 eller 5 stjärnor',
          da: 'Et anbefal-en-ven-tilbud efter en anmeldelse med 4 eller 5 stjerner',
        },
        { en: 'Answer every review within two working days', sv: 'Svara på alla omdömen inom två arbetsdagar', da: 'Besvar alle anmeldelser inden for to arbejdsdage' },
        { en: 'Show customer photos on product pages', sv: 'Visa kundbilder på produktsidorna', da: 'Vis kundebilleder på produktsiderne' },
      ],
      team: TEAMS.marketing,
      touchpoints: ['tp-product-reviewed', 'tp-product-shared'],
    },
  ],
  personas: ['pe-researcher', 'pe-bargain-hunter', 'pe-advocate'],
  messages: [
    ['ms-search-ad', 'awareness'],
    ['ms-paid-social-ad', 'awareness'],
    ['ms-retargeting-ad', 'consideration'],
    ['ms-welcome-email', 'consideration'],
    ['ms-abandoned-cart-email', 'consideration'],
    ['ms-order-confirmation', 'purchase'],
    ['ms-shipping-sms', 'purchase'],
    ['ms-review-request', 'purchase'],
    ['ms-second-order-offer', 'purchase'],
    ['ms-member-birthday', 'retention'],
    ['ms-winback', 'retention'],
    ['ms-referral-invite', 'advocacy'],
  ],
};
