import type { MessageId } from './messages.ts';
import type { PersonaId } from './personas.ts';
import { TEAMS, type TemplateContent } from './text.ts';
import type { TouchpointId } from './touchpoints.ts';

/** The detailed e-commerce journey: delivery and the time after the purchase are stages of their own. */
export const SEVEN_PHASE: TemplateContent<TouchpointId, PersonaId, MessageId> = {
  title: { en: 'Seven-phase e-commerce journey', sv: 'Kundresa för e-handel i sju faser', da: 'Kunderejse for e-handel i syv faser' },
  description: {
    en: 'From first visit to loyal customer: awareness, consideration, decision, purchase, delivery, after the purchase and loyalty. The most detailed template, with delivery and the time after the purchase as stages of their own.',
    sv: 'Från första besöket till lojal kund: kännedom, övervägande, beslut, köp, leverans, efter köpet och lojalitet. Den mest detaljerade mallen, där leveransen och tiden efter köpet är egna faser.',
    da: 'Fra første besøg til loyal kunde: kendskab, overvejelse, beslutning, køb, levering, efter købet og loyalitet. Den mest detaljerede skabelon, hvor leveringen og tiden efter købet er selvstændige faser.',
  },
  stages: [
    {
      key: 'awareness',
      name: { en: 'Awareness', sv: 'Kännedom', da: 'Kendskab' },
      description: {
        en: 'The customer discovers the shop: through an ad, a search, a tip from a friend or a social media post, or by walking past a store. Most visitors are just looking around and may not yet know what they want.',
        sv: 'Kunden upptäcker butiken: genom en annons, en sökning, ett tips från en vän, ett inlägg i sociala medier eller genom att gå förbi en fysisk butik. De flesta besökare tittar bara runt och vet kanske inte ens vad de vill ha än.',
        da: 'Kunden opdager butikken: via en annonce, en søgning, et tip fra en ven, et opslag på sociale medier eller ved at gå forbi en fysisk butik. De fleste besøgende kigger bare rundt og ved måske ikke engang, hvad de vil have endnu.',
      },
      goals: [
        { en: 'Find inspiration for a need or an occasion', sv: 'Hitta inspiration till ett behov eller ett tillfälle', da: 'Finde inspiration til et behov eller en anledning' },
        {
          en: 'Quickly sense whether the shop is worth a closer look',
          sv: 'Snabbt få en känsla för om butiken är värd en närmare titt',
          da: 'Hurtigt fornemme, om butikken er et nærmere kig værd',
        },
        { en: 'Find a shop that feels trustworthy', sv: 'Hitta en butik som känns pålitlig', da: 'Finde en butik, der virker troværdig' },
      ],
      needs: [
        { en: 'Relevant ads that do not feel intrusive', sv: 'Relevanta annonser som inte känns påträngande', da: 'Relevante annoncer, der ikke føles påtrængende' },
        {
          en: 'A clear picture of range, prices and delivery terms at first glance',
          sv: 'En tydlig bild av sortiment, priser och leveransvillkor vid första anblick',
          da: 'Et klart billede af sortiment, priser og leveringsbetingelser ved første øjekast',
        },
        {
          en: 'Signs of trust: reviews, a Trustpilot rating, clear company details',
          sv: 'Förtroendesignaler: omdömen, betyg på Trustpilot och tydliga företagsuppgifter',
          da: 'Tegn på troværdighed: anmeldelser, stjerner på Trustpilot og tydelige firmaoplysninger',
        },
      ],
      thoughts: [
        {
          en: 'Never heard of this shop – is it serious?',
          sv: 'Den här butiken har jag aldrig hört talas om – är den seriös?',
          da: 'Den butik har jeg aldrig hørt om – er den seriøs?',
        },
        { en: 'Nice jacket, but what does it cost?', sv: 'Snygg jacka, men vad kostar den?', da: 'Flot jakke, men hvad koster den?' },
        { en: 'Do they deliver here, and how fast?', sv: 'Levererar de hit, och hur snabbt går det?', da: 'Leverer de til mig, og hvor hurtigt går det?' },
      ],
      emotion: 0,
      painPoints: [
        {
          en: 'Ads keep showing the same product long after the interest has faded',
          sv: 'Annonserna tjatar om samma produkt långt efter att intresset har svalnat',
          da: 'Annoncerne bliver ved med at vise det samme produkt, længe efter at interessen er forsvundet',
        },
        {
          en: 'The landing page does not match the ad: wrong product, wrong price or sold out',
          sv: 'Landningssidan matchar inte annonsen: fel produkt, fel pris eller slutsåld',
          da: 'Landingssiden passer ikke til annoncen: forkert produkt, forkert pris eller udsolgt',
        },
        {
          en: 'Cookie banners and pop-ups hide the content on mobile',
          sv: 'Cookiebanners och popup-rutor skymmer innehållet i mobilen',
          da: 'Cookiebannere og pop op-vinduer skjuler indholdet på mobilen',
        },
      ],
      opportunities: [
        {
          en: 'Cap how often one visitor sees an ad, and stop retargeting after a purchase',
          sv: 'Begränsa hur ofta samma besökare ser en annons och stoppa retargeting efter köp',
          da: 'Begræns, hvor ofte den samme besøgende ser en annonce, og stop retargeting efter køb',
        },
        {
          en: 'Compare channels by how many visitors go on to consideration, not by clicks',
          sv: 'Jämför kanaler efter hur många besökare som går vidare till övervägande, inte efter antal klick',
          da: 'Sammenlign kanaler ud fra, hvor mange besøgende der går videre til overvejelse, ikke ud fra antal klik',
        },
        {
          en: 'Show reviews, the free-shipping threshold and the return policy at the top of the page',
          sv: 'Visa omdömen, gränsen för fri frakt och returvillkoren högst upp på sidan',
          da: 'Vis anmeldelser, grænsen for fri fragt og returreglerne øverst på siden',
        },
      ],
      team: TEAMS.marketing,
      touchpoints: ['tp-any-activity', 'tp-search-ad-click', 'tp-paid-social-click', 'tp-social-post-click', 'tp-partner-link'],
    },
    {
      key: 'consideration',
      name: { en: 'Consideration', sv: 'Övervägande', da: 'Overvejelse' },
      description: {
        en: 'The customer browses, searches and compares: reads product pages, checks sizes and materials and perhaps visits a store to feel the product. Many leave and come back several times before deciding.',
        sv: 'Kunden bläddrar, söker och jämför: läser produktsidor, kollar storlekar och material och besöker kanske en butik för att känna på varan. Många lämnar sajten och kommer tillbaka flera gånger innan de bestämmer sig.',
        da: 'Kunden kigger, søger og sammenligner: læser produktsider, tjekker størrelser og materialer og besøger måske en butik for at mærke på varen. Mange forlader siden og vender tilbage flere gange, før de beslutter sig.',
      },
      goals: [
        {
          en: 'Find the product that fits the need and the budget',
          sv: 'Hitta den produkt som passar behovet och budgeten',
          da: 'Finde det produkt, der passer til behovet og budgettet',
        },
        { en: 'Compare alternatives without losing track', sv: 'Jämföra alternativ utan att tappa bort sig', da: 'Sammenligne alternativer uden at miste overblikket' },
        {
          en: 'Be sure about size, fit and quality before buying',
          sv: 'Känna sig säker på storlek, passform och kvalitet före köpet',
          da: 'Være sikker på størrelse, pasform og kvalitet før købet',
        },
      ],
      needs: [
        {
          en: 'Search and filters that understand local words and typos',
          sv: 'Sök och filter som förstår svenska ord och stavfel',
          da: 'Søgning og filtre, der forstår danske ord og stavefejl',
        },
        {
          en: 'Honest product information: measurements, materials, true-to-life photos',
          sv: 'Ärlig produktinformation: mått, material och verklighetstrogna bilder',
          da: 'Ærlig produktinformation: mål, materialer og retvisende billeder',
        },
        {
          en: 'A way to save products and come back later, also on another device',
          sv: 'Ett sätt att spara produkter och komma tillbaka senare, även från en annan enhet',
          da: 'En måde at gemme produkter på og vende tilbage senere, også fra en anden enhed',
        },
      ],
      thoughts: [
        {
          en: 'Which size should I take – do they run small?',
          sv: 'Vilken storlek ska jag ta – är de små i storleken?',
          da: 'Hvilken størrelse skal jeg tage – er de små i størrelsen?',
        },
        { en: 'Can I get it cheaper somewhere else?', sv: 'Finns den billigare någon annanstans?', da: 'Kan jeg få den billigere et andet sted?' },
        { en: 'I want to see it in real life first', sv: 'Jag vill se den i verkligheten först', da: 'Jeg vil gerne se den i virkeligheden først' },
      ],
      emotion: 1,
      painPoints: [
        {
          en: 'Site search finds nothing for everyday words or small typos',
          sv: 'Sökningen ger inga träffar på vardagliga ord eller små stavfel',
          da: 'Søgningen finder intet ved almindelige ord eller små stavefejl',
        },
        {
          en: 'Size guides are missing or differ between brands',
          sv: 'Storleksguider saknas eller skiljer sig mellan märken',
          da: 'Størrelsesguider mangler eller er forskellige fra mærke til mærke',
        },
        {
          en: 'Stock in the nearest store is not shown online',
          sv: 'Lagersaldot i närmaste butik syns inte på webben',
          da: 'Lagerstatus i den nærmeste butik kan ikke ses online',
        },
      ],
      opportunities: [
        {
          en: 'Go through searches without results every week and add the missing synonyms',
          sv: 'Gå igenom sökningar utan träffar varje vecka och lägg till de synonymer som saknas',
          da: 'Gennemgå søgninger uden resultater hver uge, og tilføj de synonymer, der mangler',
        },
        {
          en: 'Show size advice based on reviews (runs small, true to size)',
          sv: 'Visa storleksråd baserade på omdömen (liten i storleken, normal i storleken)',
          da: 'Vis størrelsesråd baseret på anmeldelser (lille i størrelsen, normal i størrelsen)',
        },
        {
          en: 'Show stock per store and offer click and collect',
          sv: 'Visa lagersaldo per butik och erbjud klicka och hämta',
          da: 'Vis lagerstatus pr. butik, og tilbyd klik og hent',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: [
        'tp-products-searched',
        'tp-product-list-viewed',
        'tp-product-clicked',
        'tp-product-viewed',
        'tp-newsletter-click',
        'tp-newsletter-subscribed',
        'tp-signed-up',
        'tp-store-finder',
        'tp-store-visit',
      ],
    },
    {
      key: 'decision',
      name: { en: 'Decision', sv: 'Beslut', da: 'Beslutning' },
      description: {
        en: 'The customer has settled on a product and weighs whether to buy now: puts it in the cart or on the wishlist, asks someone, checks the total with shipping, tries a discount code and goes through checkout. This is where doubts about cost, delivery and returns surface.',
        sv: 'Kunden har bestämt sig för en produkt och funderar på om det är dags att köpa: lägger den i varukorgen eller önskelistan, frågar någon, kollar totalpriset med frakt, testar en rabattkod och går igenom kassan. Här dyker tvivlen upp om kostnad, leverans och retur.',
        da: 'Kunden har fundet en vare og overvejer, om det skal være nu: lægger den i kurven eller på ønskelisten, spørger nogen, tjekker totalprisen med fragt, prøver en rabatkode og går gennem kassen. Det er her, tvivlen om pris, levering og returnering dukker op.',
      },
      goals: [
        {
          en: 'Know the total price, shipping included, before paying',
          sv: 'Veta totalpriset inklusive frakt innan de betalar',
          da: 'Kende den samlede pris inklusive fragt, før de betaler',
        },
        { en: 'Pay quickly with a familiar method', sv: 'Betala snabbt med ett betalsätt de känner igen', da: 'Betale hurtigt med en betalingsmetode, de kender' },
        {
          en: 'Get the best price without hunting for codes',
          sv: 'Få bästa möjliga pris utan att leta rabattkoder',
          da: 'Få den bedste pris uden at skulle lede efter rabatkoder',
        },
      ],
      needs: [
        {
          en: 'The payment methods people use locally: Swish, MobilePay, Klarna, card',
          sv: 'Betalsätt som svenskar använder: Swish, Klarna och kort',
          da: 'Betalingsmetoder, danskerne bruger: MobilePay, Dankort og Klarna',
        },
        { en: 'Guest checkout without a forced account', sv: 'Att kunna handla utan att skapa konto', da: 'At kunne handle uden at oprette en konto' },
        { en: 'Clear delivery options and dates', sv: 'Tydliga leveransalternativ och leveransdatum', da: 'Tydelige leveringsmuligheder og leveringsdatoer' },
      ],
      thoughts: [
        { en: 'Where did that shipping fee come from?', sv: 'Varifrån kom plötsligt fraktavgiften?', da: 'Hvor kom det fragtgebyr lige fra?' },
        { en: 'Is there a discount code somewhere?', sv: 'Finns det någon rabattkod någonstans?', da: 'Findes der mon en rabatkode et sted?' },
        { en: 'Can I return it if it doesn’t fit?', sv: 'Kan jag skicka tillbaka den om den inte passar?', da: 'Kan jeg sende den retur, hvis den ikke passer?' },
      ],
      emotion: -1,
      painPoints: [
        { en: 'Shipping costs appear only at the last step', sv: 'Fraktkostnaden syns först i sista steget', da: 'Fragtprisen dukker først op i sidste trin' },
        {
          en: 'Forced account creation and long forms on mobile',
          sv: 'Tvingande kontoskapande och långa formulär i mobilen',
          da: 'Tvungen kontooprettelse og lange formularer på mobilen',
        },
        {
          en: 'The payment fails or the bank’s identification times out',
          sv: 'Betalningen misslyckas eller identifieringen med BankID hinner gå ut',
          da: 'Betalingen fejler, eller godkendelsen med MitID når at udløbe',
        },
      ],
      opportunities: [
        {
          en: 'Show the free-shipping threshold and the remaining amount in the cart',
          sv: 'Visa gränsen för fri frakt och hur mycket som återstår direkt i varukorgen',
          da: 'Vis grænsen for fri fragt og det manglende beløb direkte i kurven',
        },
        {
          en: 'Send a friendly reminder an hour after a cart is abandoned, and stop it when the order is placed',
          sv: 'Skicka en vänlig påminnelse en timme efter en övergiven varukorg och stoppa den när ordern läggs',
          da: 'Send en venlig påmindelse en time efter en forladt kurv, og stop den, når ordren er afgivet',
        },
        {
          en: 'Find the checkout step with the biggest drop-off and fix it first',
          sv: 'Hitta steget i kassan med störst avhopp och åtgärda det först',
          da: 'Find det trin i kassen, hvor flest falder fra, og ret det først',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: [
        'tp-product-added',
        'tp-wishlist-added',
        'tp-product-shared',
        'tp-cart-shared',
        'tp-cart-viewed',
        'tp-coupon-applied',
        'tp-checkout-started',
        'tp-checkout-step',
        'tp-payment-info',
      ],
    },
    {
      key: 'purchase',
      name: { en: 'Purchase', sv: 'Köp', da: 'Køb' },
      description: {
        en: 'The order is placed, online or in a store. The customer feels relief and anticipation, and wants immediate confirmation that everything went through.',
        sv: 'Beställningen är lagd, på nätet eller i butik. Kunden känner lättnad och förväntan och vill genast få bekräftat att allt har gått igenom.',
        da: 'Ordren er afgivet, online eller i butikken. Kunden føler lettelse og forventning og vil straks have bekræftet, at alt er gået igennem.',
      },
      goals: [
        {
          en: 'Get confirmation that order and payment went through',
          sv: 'Få bekräftelse på att ordern och betalningen har gått igenom',
          da: 'Få bekræftelse på, at ordren og betalingen er gået igennem',
        },
        { en: 'Know when and how the order will arrive', sv: 'Veta när och hur beställningen kommer', da: 'Vide, hvornår og hvordan ordren kommer' },
        { en: 'Keep the receipt for returns and complaints', sv: 'Spara kvittot för retur och reklamation', da: 'Gemme kvitteringen til returnering og reklamation' },
      ],
      needs: [
        {
          en: 'An order confirmation within minutes, with order number and delivery estimate',
          sv: 'En orderbekräftelse inom några minuter, med ordernummer och beräknad leverans',
          da: 'En ordrebekræftelse inden for få minutter med ordrenummer og forventet levering',
        },
        { en: 'A digital receipt for store purchases too', sv: 'Digitalt kvitto även vid köp i butik', da: 'Digital kvittering også ved køb i butikken' },
      ],
      thoughts: [
        { en: 'Did it go through? I haven’t had an email yet', sv: 'Gick det igenom? Jag har inte fått något mejl än', da: 'Gik det igennem? Jeg har ikke fået nogen mail endnu' },
        { en: 'Great, that’s sorted', sv: 'Skönt, då är det klart', da: 'Dejligt, så er det på plads' },
        { en: 'Can I still change the delivery address?', sv: 'Kan jag fortfarande ändra leveransadressen?', da: 'Kan jeg stadig nå at ændre leveringsadressen?' },
      ],
      emotion: 2,
      painPoints: [
        {
          en: 'The order confirmation ends up in spam or arrives late',
          sv: 'Orderbekräftelsen hamnar i skräpposten eller kommer sent',
          da: 'Ordrebekræftelsen havner i spam eller kommer sent',
        },
        {
          en: 'An order cannot be changed once placed, not even a few minutes later',
          sv: 'Ordern går inte att ändra när den väl är lagd, inte ens några minuter senare',
          da: 'Ordren kan ikke ændres, når den først er afgivet – heller ikke et par minutter efter',
        },
      ],
      opportunities: [
        {
          en: 'Show the delivery date and pickup point on the confirmation page',
          sv: 'Visa leveransdatum och ombud direkt på bekräftelsesidan',
          da: 'Vis leveringsdato og pakkeshop direkte på bekræftelsessiden',
        },
        {
          en: 'Link store and online purchases to one customer profile with digital receipts',
          sv: 'Koppla köp i butik och på nätet till samma kundprofil med digitala kvitton',
          da: 'Knyt køb i butikken og online til den samme kundeprofil med digitale kvitteringer',
        },
      ],
      team: TEAMS.ecommerce,
      touchpoints: ['tp-order-completed', 'tp-store-purchase'],
    },
    {
      key: 'delivery',
      name: { en: 'Delivery', sv: 'Leverans', da: 'Levering' },
      description: {
        en: 'The wait while the parcel is on its way: from the moment it leaves the warehouse until it is delivered or collected. The customer follows the parcel and plans the pickup. Delays hit satisfaction hard.',
        sv: 'Väntan medan paketet är på väg: från att det lämnar lagret tills det är levererat eller hämtat. Kunden följer paketet och planerar när det ska hämtas. Förseningar slår hårt mot nöjdheten.',
        da: 'Ventetiden, mens pakken er på vej: fra den forlader lageret, til den er leveret eller hentet. Kunden følger pakken og planlægger, hvornår den skal hentes. Forsinkelser rammer tilfredsheden hårdt.',
      },
      goals: [
        { en: 'Get the parcel when promised', sv: 'Få paketet när det utlovats', da: 'Få pakken, når det er lovet' },
        { en: 'Collect it where and when it suits them', sv: 'Hämta det där och när det passar', da: 'Hente den, hvor og når det passer' },
        {
          en: 'Know where the parcel is without contacting customer service',
          sv: 'Veta var paketet är utan att behöva kontakta kundservice',
          da: 'Vide, hvor pakken er, uden at skulle kontakte kundeservice',
        },
      ],
      needs: [
        { en: 'Proactive notifications with a tracking link', sv: 'Proaktiva aviseringar med spårningslänk', da: 'Proaktive beskeder med sporingslink' },
        { en: 'A pickup point or parcel locker close to home', sv: 'Ett ombud eller paketskåp nära hemmet', da: 'En pakkeshop eller pakkeboks tæt på hjemmet' },
        { en: 'Honest information when something is delayed', sv: 'Ärlig information när något blir försenat', da: 'Ærlig besked, når noget bliver forsinket' },
      ],
      thoughts: [
        { en: 'Where is my parcel?', sv: 'Var är mitt paket?', da: 'Hvor er min pakke?' },
        { en: 'Will it arrive before the weekend?', sv: 'Hinner det komma före helgen?', da: 'Når den at komme inden weekenden?' },
        {
          en: 'Why is it going to a pickup point across town?',
          sv: 'Varför skickas det till ett ombud på andra sidan stan?',
          da: 'Hvorfor bliver den sendt til en pakkeshop i den anden ende af byen?',
        },
      ],
      emotion: -1,
      painPoints: [
        { en: 'Tracking shows no progress for days', sv: 'Spårningen står still i flera dagar', da: 'Sporingen står stille i flere dage' },
        {
          en: 'The pickup point is full or far away, and the parcel is rerouted',
          sv: 'Ombudet är fullt eller ligger långt bort, och paketet skickas vidare',
          da: 'Pakkeshoppen er fuld eller ligger langt væk, og pakken bliver omdirigeret',
        },
        {
          en: 'Late deliveries cause most customer service contacts',
          sv: 'Sena leveranser står för flest kontakter med kundservice',
          da: 'Forsinkede leveringer står for flest henvendelser til kundeservice',
        },
      ],
      opportunities: [
        {
          en: 'Send an SMS with the tracking link when the parcel leaves the warehouse, and a heads-up before the customer has to ask about delays',
          sv: 'Skicka sms med spårningslänk när paketet lämnar lagret – och en förvarning om förseningar innan kunden hinner fråga',
          da: 'Send en sms med sporingslink, når pakken forlader lageret – og en besked om forsinkelser, før kunden når at spørge',
        },
        {
          en: 'Compare carriers by delivery time and by the share of customers who contact support',
          sv: 'Jämför transportörer efter leveranstid och andel kunder som kontaktar kundservice',
          da: 'Sammenlign fragtfirmaer på leveringstid og andelen af kunder, der kontakter kundeservice',
        },
        { en: 'Offer parcel lockers and evening home delivery', sv: 'Erbjud paketskåp och hemleverans på kvällen', da: 'Tilbyd pakkebokse og levering om aftenen' },
      ],
      team: TEAMS.logistics,
      touchpoints: ['tp-order-shipped', 'tp-order-tracking', 'tp-delivery-question'],
    },
    {
      key: 'post-purchase',
      name: { en: 'After the purchase', sv: 'Efter köpet', da: 'Efter købet' },
      description: {
        en: 'The parcel has arrived: the customer unpacks, uses the product and forms an opinion. Some return or exchange, some contact customer service, some leave a review or answer a survey.',
        sv: 'Paketet har kommit fram: kunden packar upp, använder produkten och bildar sig en uppfattning. En del returnerar eller byter, en del kontaktar kundservice och en del skriver ett omdöme eller svarar på en enkät.',
        da: 'Pakken er kommet frem: kunden pakker ud, bruger produktet og danner sig et indtryk. Nogle returnerer eller bytter, nogle kontakter kundeservice, og nogle skriver en anmeldelse eller svarer på en undersøgelse.',
      },
      goals: [
        { en: 'Get the value they paid for', sv: 'Få ut det de har betalat för', da: 'Få det, de har betalt for' },
        { en: 'Return or exchange without hassle', sv: 'Kunna returnera eller byta utan krångel', da: 'Kunne returnere eller bytte uden besvær' },
        { en: 'Get help quickly when something is wrong', sv: 'Få snabb hjälp när något är fel', da: 'Få hurtig hjælp, når noget er galt' },
      ],
      needs: [
        {
          en: 'A simple return with a ready-made label or QR code',
          sv: 'En enkel retur med färdig returetikett eller QR-kod',
          da: 'En nem returnering med færdig returlabel eller QR-kode',
        },
        { en: 'The refund within a few days', sv: 'Återbetalning inom några dagar', da: 'Pengene retur inden for få dage' },
        { en: 'Care and usage tips for the product', sv: 'Skötselråd och tips om hur produkten används', da: 'Plejeråd og tips til brug af produktet' },
      ],
      thoughts: [
        {
          en: 'It’s smaller than I thought – how do I exchange it?',
          sv: 'Den är mindre än jag trodde – hur byter jag?',
          da: 'Den er mindre, end jeg troede – hvordan bytter jeg?',
        },
        { en: 'When do I get my money back?', sv: 'När får jag tillbaka pengarna?', da: 'Hvornår får jeg pengene tilbage?' },
        { en: 'Really happy with it, worth the money', sv: 'Riktigt nöjd, värd varenda krona', da: 'Rigtig glad for den – den er hver en krone værd' },
      ],
      emotion: 1,
      painPoints: [
        { en: 'Returns cost money or need a printer', sv: 'Returer kostar pengar eller kräver en skrivare', da: 'Returnering koster penge eller kræver en printer' },
        {
          en: 'Refunds take weeks and nobody explains why',
          sv: 'Återbetalningen dröjer i veckor och ingen förklarar varför',
          da: 'Tilbagebetalingen tager uger, og ingen forklarer hvorfor',
        },
        {
          en: 'Survey and review requests arrive before the parcel does',
          sv: 'Enkäter och förfrågningar om omdömen kommer innan paketet har kommit fram',
          da: 'Spørgeskemaer og anmodninger om anmeldelser kommer, før pakken er nået frem',
        },
      ],
      opportunities: [
        {
          en: 'Time the review request from delivery, not from the order',
          sv: 'Räkna tiden för förfrågan om omdöme från leveransen, inte från ordern',
          da: 'Regn tidspunktet for anmodningen om anmeldelse fra leveringen, ikke fra ordren',
        },
        {
          en: 'Offer an exchange before a refund in the return flow',
          sv: 'Erbjud byte före återbetalning i returflödet',
          da: 'Tilbyd ombytning før tilbagebetaling i returforløbet',
        },
        { en: 'Follow up low ratings within a day', sv: 'Följ upp låga betyg inom ett dygn', da: 'Følg op på lave bedømmelser inden for et døgn' },
      ],
      team: TEAMS.customerService,
      touchpoints: [
        'tp-order-delivered',
        'tp-pickup-point',
        'tp-product-reviewed',
        'tp-survey-responded',
        'tp-support-contact',
        'tp-phone-support',
        'tp-order-refunded',
        'tp-order-cancelled',
      ],
    },
    {
      key: 'loyalty',
      name: { en: 'Loyalty', sv: 'Lojalitet', da: 'Loyalitet' },
      description: {
        en: 'The customer comes back and buys again, online or in a store. From here the aim is a lasting relationship: relevant offers, member benefits and a reason to choose the shop over its competitors.',
        sv: 'Kunden kommer tillbaka och handlar igen, på nätet eller i butik. Härifrån är målet en långvarig relation: relevanta erbjudanden, medlemsförmåner och ett skäl att välja butiken framför konkurrenterna.',
        da: 'Kunden vender tilbage og køber igen, online eller i butikken. Herfra er målet et langvarigt forhold: relevante tilbud, medlemsfordele og en grund til at vælge butikken frem for konkurrenterne.',
      },
      goals: [
        { en: 'Reorder quickly from a shop they trust', sv: 'Handla igen snabbt i en butik de litar på', da: 'Handle igen hurtigt i en butik, de stoler på' },
        { en: 'Be recognised and rewarded as a regular', sv: 'Bli igenkänd och belönad som stamkund', da: 'Blive genkendt og belønnet som stamkunde' },
        { en: 'Hear about news that actually interests them', sv: 'Få veta om nyheter som faktiskt intresserar dem', da: 'Høre om nyheder, der rent faktisk interesserer dem' },
      ],
      needs: [
        {
          en: 'Saved details and order history for a fast checkout',
          sv: 'Sparade uppgifter och orderhistorik så att köpet går snabbt',
          da: 'Gemte oplysninger og ordrehistorik, så købet går hurtigt',
        },
        {
          en: 'Offers based on what they bought, not the same as everyone gets',
          sv: 'Erbjudanden utifrån vad de har köpt, inte samma som alla får',
          da: 'Tilbud ud fra, hvad de har købt – ikke de samme, som alle andre får',
        },
        {
          en: 'Member benefits that apply both online and in store',
          sv: 'Medlemsförmåner som gäller både på nätet och i butik',
          da: 'Medlemsfordele, der gælder både online og i butikken',
        },
      ],
      thoughts: [
        {
          en: 'They have my size, I’ll just order from them again',
          sv: 'De har min storlek, jag beställer därifrån igen',
          da: 'De har min størrelse, jeg bestiller bare derfra igen',
        },
        { en: 'Too many emails – I’ll unsubscribe', sv: 'För många mejl – jag avregistrerar mig', da: 'For mange mails – jeg afmelder mig' },
        { en: 'Do I get anything for being a member?', sv: 'Får jag något för att jag är medlem?', da: 'Får jeg noget ud af at være medlem?' },
      ],
      emotion: 2,
      painPoints: [
        {
          en: 'The same newsletter goes to everyone, whatever they bought',
          sv: 'Samma nyhetsbrev går till alla, oavsett vad de har köpt',
          da: 'Det samme nyhedsbrev går til alle, uanset hvad de har købt',
        },
        {
          en: 'Points from store purchases are missing from the member account',
          sv: 'Poäng från köp i butik syns inte på medlemskontot',
          da: 'Point fra køb i butikken kan ikke ses på medlemskontoen',
        },
      ],
      opportunities: [
        {
          en: 'Send a win-back email 90 days after the last order',
          sv: 'Skicka ett återaktiveringsmejl 90 dagar efter senaste beställningen',
          da: 'Send en genaktiveringsmail 90 dage efter seneste ordre',
        },
        { en: 'Target offers by category and persona', sv: 'Anpassa erbjudanden efter kategori och persona', da: 'Målret tilbud efter kategori og persona' },
        { en: 'Ask loyal regulars for referrals and reviews', sv: 'Be stamkunder om rekommendationer och omdömen', da: 'Bed stamkunder om anbefalinger og anmeldelser' },
      ],
      team: TEAMS.crm,
      touchpoints: ['tp-repeat-order', 'tp-repeat-store-purchase'],
    },
  ],
  personas: ['pe-bargain-hunter', 'pe-loyal-regular', 'pe-business-buyer'],
  messages: [
    ['ms-search-ad', 'awareness'],
    ['ms-paid-social-ad', 'awareness'],
    ['ms-retargeting-ad', 'consideration'],
    ['ms-welcome-email', 'consideration'],
    ['ms-free-shipping-bar', 'decision'],
    ['ms-abandoned-cart-email', 'decision'],
    ['ms-abandoned-cart-sms', 'decision'],
    ['ms-order-confirmation', 'purchase'],
    ['ms-shipping-sms', 'delivery'],
    ['ms-pickup-reminder', 'delivery'],
    ['ms-review-request', 'post-purchase'],
    ['ms-winback', 'loyalty'],
  ],
};
