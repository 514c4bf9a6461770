"""Swedish cues: question (with or without "?"), request ("skulle ni kunna", "snälla"), complaint, praise.

Matched against the normalised text (see
:func:`libcommunity.conversation.text.normalise`). Swedish asks with the verb
first ("Har ni öppet i morgon"), so a clause that opens with a finite verb
and a subject is a question; ``^`` is the start of a clause.
"""

from __future__ import annotations

#: A clause that opens like a question.
QUESTION_START = [
    # "Hur fan kan man…", "Hur kan folk ens…": outrage, not a question
    r"(?:varför|hur(?!(?: \w+){1,2} som helst)(?! (?:fan|i helvete|tusan|jävla|i hela friden)\b)"
    r"(?! kan (?:man|folk|dom|de|någon|nån|människor) (?:ens|vara så|göra så)\b)|vart|vem|vems)\b",
    r"när (?:är|kommer|blir|öppnar|ska|skall|kan|får|har|var|börjar|slutar|stänger|går|kom|släpps|släpper)\b",
    r"(?:vilken|vilket|vilka) (?:\w+ )?(?:är|var|har|kommer|ska|kan|gäller|rekommenderar|tycker|använder|heter|föredrar)\b",
    r"vad (?:är|var|har|heter|kostar|gäller|händer|hände|menar|tycker|gör|ska|skall|kan|betyder|hette|för)\b",
    r"var (?:är|finns|kan|hittar|ligger|köper|får)\b",
    r"(?:finns det|går det|blir det|ska det|skall det|kan det|måste det|behöver det|brukar det|kostar det|tar det|kommer det|är det|var det|gäller det|funkar det|fungerar det|stämmer det)\b",
    r"(?:har|är|kan|får|ska|skall|kommer|vet|tar|gör|hade|blir|måste|behöver|brukar|borde|tycker|gillar|minns)"
    r" (?:ni|du|man|jag|vi|någon|nån)\b",
    r"någon som (?:vet|har|kan|minns|vill)\b",
    # Swedish main clauses put the subject first; a clause opening with a finite verb (present in -r,
    # past in -de/-te) and then "ni"/"du"/"man" asks ("Lånar ni ut…", "Säljer ni…", "Hörde du…").
    # Words in -r that are not verbs are left out (prepositions, adverbs, plural nouns used as a
    # vocative: "Tjejer ni är bäst"), as is a following finite verb (the pronoun is then a subject).
    r"(?!(?:efter|under|över|eller|där|här|för|mer|fler|när|hur|bättre|sämre|vår|nu)\b)\w+(?:ar|er|or|de|te)"
    r" (?:ni|du|man)\b(?! (?:är|var|e|har|ska|kan|måste|borde|får|gör|blir|kommer|vill)\b)",
    r"(?:fick|såg|tog|kom|gick|fanns|visste|hann|hittade|läste|sålde|stod|satt) (?:ni|du|man)\b",
]
QUESTION_ANY = [
    r"\b(?:undrar(?! just)|undrade|funderar på om|skulle vilja veta|vill veta|vill gärna veta|nyfiken på (?:vad|hur|om|när|var))\b",
    r"\b(?:en|har en|liten) fråga\b",
    r"\b(?:hur (?:gör|bär) (?:man|jag|vi) (?:för att|med|när|om)?|vet (?:ni|du|någon|nån) (?:om|när|hur|var|vilken|vilket|vilka))\b",
    r"\b(?:jag|vi) (?:skulle behöva|behöver) (?:veta|få veta|information om|info om)\b",
]
#: Asking the library to do something.
REQUEST = [
    r"\b(?:snä+l+a|vänligen|var snäll|please|plz|pls)\b(?! (?:no|nej)\s*(?:[^\w\s]|$))",
    r"\b(?:kan|kunde|skulle) (?:ni|du|någon|nån) (?:inte |snälla |gärna |please )?(?:kunna )?(?!berätta|vara|tänka|säga)\w+a\b",
    r"\bskulle (?:ni|du) kunna\b",
    r"\b(?:vore|hade varit|skulle vara) (?:det )?(?:så )?(?:kul|roligt|bra|fint|snällt|en dröm|toppen|grymt|härligt|najs|intressant) (?:om|att|med)\b",
    r"\b(?:önskar|önskar mig|hoppas på|ser fram emot)\b",
    r"(?:^|[.!?:;\n]\s*|[\U0001F300-\U0001FAFF\u2600-\u27BF]\s*)(?:gör|följ|bjud|lägg|fixa|åtgärda|hjälp|kolla|ring|svara|ge|visa|berätta|testa|ta|skicka|intervjua|sluta|ändra|ordna|släpp|ladda)"
    r" (?:en|fler|mer|flera|detta|det|om|gärna|mig|oss|in|till|upp|ut|på|bort|tillbaka|med|nu|snälla|er|att)\b",
    r"\b(?:du|ni) (?:borde|måste|får gärna|kan gärna|bör|behöver)\b",
    r"\bmer (?:mer|snälla|videos|videor|vloggar|sånt|sådant|av|content|innehåll)\b|^(?:ja )?mer\s*[!.]*$",
    r"\bfler (?:videos|videor|vloggar|sådana|såna|avsnitt)\b",
    r"\bföljer du (?:mig|tillbaka)\b|\bfölj (?:mig|tillbaka)\b|\bförtjänar (?:jag|det) (?:väl )?en follow\b",
    r"\b(?:jag vill|vi vill) (?:att ni|att du|ha|se|veta)\b",
    r"\btips(?: till er)?(?: kan vara|:| är att)",
    r"\bni (?:borde|bör|skulle kunna)\b",
    # asking for help, service verbs after "I would like", "I'd be grateful if"
    r"\b(?:behöver|behövde|vill ha|söker|ber om|be om|önskar) (?:lite |er |din |eran |någon |nån )?hjälp\b",
    r"\b(?:jag|vi) (?:skulle vilja|vill gärna|hade velat|önskar|vill) (?:boka|beställa|reservera|låna|förlänga|avboka|"
    r"anmäla|avanmäla|ändra|säga upp|avsluta|få tillbaka|reklamera|klaga)\b",
    r"\b(?:tacksam|tacksamma|tacksamt) (?:om|för (?:ett )?(?:svar|hjälp|återkoppling))\b",
    r"\bhör av (?:er|dig)\b|\båterkom\b|\b(?:kontakta|maila|mejla|dm:?a|ring upp) (?:mig|oss)\b",
    r"(?:^|[.!?:;\n]\s*)(?:förläng|boka|reservera|avboka|rätta|laga|lös|beställ|köp in|ta bort|lägg till|återbetala|ersätt)"
    r" (?:mitt|min|mina|lånet|lånen|boken|böckerna|en|ett|det|detta|felet|problemet|in|oss|mig|gärna|nu|snarast)\b",
]
COMPLAINT_WORDS = [
    r"\b(?:dålig\w*|sämst|sämre|usel\w*|urusel\w*|värdelös\w*|pinsam\w*|skäms|skämmas|skandal\w*|bedrövlig\w*|katastrof\w*|löjlig\w*)\b",
    r"\b(?:irriterande|irriterad|störigt|störande|störd|trist|tråkig\w*|besviken|besvikna|besviket|missnöjd\w*|arg|arga|förbannad\w*|sur)\b",
    r"\b(?:trött på|less på|så less|klaga|klagar|klagomål|reklamer\w*|oseriös\w*|lurad\w*|lura\w*|bluff\w*)\b",
    r"\b(?:moneygrab|snacka skit|snackar skit|snackade skit|ljuger|ljög|lögn\w*|orimlig\w*|rimligt\?|smart\.|gubbfest|sensationstidning)\b",
    r"\b(?:inte (?:bra|okej|ok|kul|roligt|snyggt|snällt|schysst|rimligt|acceptabelt|värt|nöjd|nöjda|viktig|tillräckligt)|ingen nyhetstidning)\b",
    r"\b(?:förstörde|förstör|förstört|utnyttjar|utnyttja|kränk\w*|respektlös\w*|oprofessionell\w*)\b",
    r"\b(?:sluta kolla|slutar kolla|avprenumerer\w*|lika gärna sluta|aldrig mer)\b",
    r"\b(?:halvdan\w*|överpris\w*|oproff?s\w*|ointresserad\w*|otrevlig\w*|otydlig\w*|nonchalant\w*|arrogant\w*|okunnig\w*|oengagerad\w*|opålitlig\w*|ovänlig\w*|oätbar\w*|ogästvänlig\w*)\b",
    r"\b(?:rörig\w*|skitig\w*|smutsig\w*|oväsen|slöseri|besvikelse\w*|anmärkningsvärt|horribel\w*|vidrig\w*|avråder|undvik|varning|onödig\w*|under all kritik)\b",
    r"\b(?:inte|ej) (?:prisvärt|värt (?:det|pengarna)|nöjd\w*)\b|\bmindre (?:god|bra|trevlig)\w*\b|\bdrar ner betyget\b",
    r"\b(?:tyvärr|slarvig\w*|slarv|långsam\w*|oförskämd\w*|kass|kasst|fusk\w*|bedrägeri\w*|bedragen|blåst)\b",
    r"\b(?:inte|aldrig|ej) (?:\w+ )?rekommender\w*|\b(?:svarar|besvarar) (?:inte|ej)\b|\b(?:ingen ursäkt|bad inte om ursäkt)\b",
    r"\b(?:glömde|glömt|glömts|försvann|försvunn\w*|tappade bort|tappat bort|dröjde|dröjer)\b",
    r"\bdyrt\b(?<!inte dyrt)(?<!för dyrt)(?<!ej dyrt)(?!\W+(?:\w+\W+){0,8}?men (?:\w+ )?(?:prisvärt|värt det))",
    r"\b(?:köp|köper|gå|går|gått|handla|åk|åker) (?:\w+ )?(?:någon annanstans|nån annanstans|inte (?:hit|dit) igen)\b|\b(?:åker|går|kommer) inte (?:hit|dit|tillbaka) igen\b",
]
COMPLAINT_PROBLEMS = [
    r"\b(?:fungerar|funkar|går|fungerade|funkade|gick) (?:inte|ej)\b",
    r"\b(?:kan|kunde|får|fick) (?:inte|ej) (?:logga|komma|se|hitta|ladda|betala|boka|joina|spela|höra|öppna|låna|reservera|använda|starta)\b",
    r"\b(?:försen\w*|försening\w*|inställd\w*|stängd\w*|fel(?! av mig)|felet|felaktig\w*|problem\w*|strul\w*|krångl\w*|saknas|borta|trasig\w*|buggig\w*)\b",
    r"\b(?:inget|ingen|inga) (?:svar|respons|internet|tv|wifi|besked|information|info|ljud)\b|\bvarken\b",
    r"\b(?:väntat (?:i|på|över|länge|flera|en|ett|två|tre|\d)|väntar fortfarande|väntar fortf|fortfarande inte|har inte fått|fick inte|aldrig fått)\b",
    r"\b(?:ljudet|bilden|kvaliteten|ljudkvalitet\w*)\b(?!\s+(?:är|var) (?:bra|fin|grym))",
    r"\b(?:för|alldeles för|väldigt) (?:kallt|varmt|dyrt|trångt|högljutt|stökigt|mörkt)\b|\bingen (?:gör|bryr sig|svarar|lyssnar)\b",
    r"\b(?:halva beloppet|hälften av beloppet|tillbaka pengar|pengarna tillbaka)\b",
    r"\bman ser ju att\b",
    r"\b(?:ingen|ingen som) (?:svarade|ringde|hörde av sig|kom)\b|\b(?:inte|aldrig) fått (?:någon|något|nåt|nån) (?:reaktion|återkoppling|svar|besked)\b",
    r"\b(?:inte tagit|tog inget|tar inget|inte tar) (?:\w+ ){0,3}?ansvar\b|\bbryter mot\b|\b(?:låg|ligger|var|är) nere\b",
    r"\b(?:uppfyllde|uppfyller|motsvarade|motsvarar|stämde|stämmer|höll|håller) (?:inte|ej)\b",
    r"\b(?:tar|tog|tagit) (?:\w+ )?(?:mycket|extra|för mycket|överpris) betalt\b",
    r"\b(?:fick vänta|lång väntan|långa väntetider|orimliga väntetider|väntat länge)\b",
    r"\b(?:finns|är|ligger)\b(?:\s+\S+){0,3}\s+(?:inte|ej) (?:kvar|med|uppe|tillgänglig\w*)\b",
    r"\b(?:inte|aldrig|ej) (?:\w+ )?(?:hört|hörde|hör|hörs) av (?:sig|er)\b|\bingen återkoppling\b",
    r"\b(?:kom|kommit|dök upp|dykt upp|levererades|levererats|skickades|skickats|betalades|betalats) (?:\w+ )?(?:aldrig|ej)\b",
    r"\b(?:har|hade) (?:\w+ )?(?:ännu |fortfarande )?(?:inte|ej|aldrig) (?:kommit|levererats|skickats|betalats|återbetalats|åtgärdats|fixats|lagats|svarat)\b",
    r"\b(?:fick|får|har fått|fått) (?:aldrig|inte|ej|ingen|inget|inga) (?:\w+ )?(?:svar|hjälp|besked|pengar|pengarna|ersättning|återbetalning|bekräftelse|kvitto)\b",
]
#: Echo and rhetorical one-word questions ("Seriöst?", "Rimligt?", "Bitter?") and exclamative questions
#: ("Ska björnen sova!?"): their question mark does not make the text a question (an opening that asks
#: still does).
RHETORICAL_MARK = [
    r"(?:^|(?<=[.!?:;,\n]))\s*(?:seriöst|allvarligt|på riktigt|jaså|jasså|rimligt|logiskt|normalt|konstigt|pinsamt|bitter"
    r"|avundsjuk|skämtar (?:ni|du)|really|wtf)\s*\?+",
    r"\?+\s*!+|!+\s*\?+",
]
#: Problems that were solved or absent ("utan problem", "löste problemet"): removed before the complaint cues are read.
NOT_COMPLAINT = [
    r"\b(?:utan|inga|inget) (?:några |något |nåt )?(?:problem\w*|fel|konstigheter|strul)\b",
    r"\b(?:kan|kunde|kunnat) (?:inte|ej) sluta\b|\binte (?:bara|enbart|endast)\b",  # "kan inte sluta älska"
    r"\b(?:så )?tråkig\w* (?:att (?:höra|läsa|se)|händelse\w*|nyhet\w*|besked)\b",  # sympathy, not feedback
    r"\b(?:löste|löser|lösa|korrigerade|åtgärdade|åtgärdar|fixade|fixar|lagade|lagar|hittade|felsökte) (?:\w+ ){0,2}?(?:felet|felen|problemet|problemen)\b",
]
#: Requests phrased as a question ("can you …?"): a request, not a question, when "?" is the only question sign.
MODAL_REQUEST = REQUEST[1:3]
THANKS = [r"\b(?:tack|tackar|tusen tack|stort tack|tacksam\w*|thanks|thank you)\b"]
PRAISE = [
    r"\b(?:bra|bäst|bästa|härlig\w*|fin|fint|fina|finaste|underbar\w*|mysig\w*|mys|snygg\w*|skitsnygg\w*|grym\w*|fantastisk\w*|toppen|suverän\w*"
    r"|nöjd\w*|supernöjd\w*|jättenöjd\w*|trevlig\w*|jättetrevlig\w*|professionell\w*|proff?sig\w*|kunnig\w*|duktig\w*|utmärkt\w*|smidig\w*|punktlig\w*"
    r"|skicklig\w*|hjälpsam\w*|engagerad\w*|lyhörd\w*|serviceinriktad\w*|serviceminded|jättebra|superbra|kanon\w*|prisvärd\w*|vänlig\w*|tillmötesgående)\b",
    r"\b(?:älskar|älskade|älska|gillar|gillade|kul|roligt|rolig|härligt|ljuvlig\w*|vacker\w*|söt\w*|gullig\w*|häftig\w*|coolt|cool|magisk\w*|proffsig\w*)\b",
    r"\b(?:bravo|heja|grattis|wow|woow+|yay|favorit\w*|höjdpunkt\w*|inspirer\w*|beundrar|respekt|imponerad\w*|glad|glada|lycklig\w*|taggad\w*|najs|nice)\b",
    r"\b(?:team \w+|teamjonna|#team\w*|for president|lyfter hatten|ni är bäst|du är bäst|viktigt)\b",
    r"\b(?:där kom den|äntligen|så skönt|vad skönt)\b",
    r"\b(?:rekommender\w*|över förväntan|kommer (?:garanterat |definitivt |gärna )?(?:tillbaka|att återkomma)|återkommer gärna)\b",
]
POLITENESS = [r"\btack (?:på förhand|i förväg|för hjälpen)\b"]
SARCASM = [r"\bsmart\.", r"\btack för (?:inget|ingenting)\b", r"\bbra jobbat\b.*\b(?:inte|ingen|aldrig)\b", r"\brimligt\?"]
NEGATION = r"\b(?:inte|ej|ingen|inget|inga|aldrig|varken|knappast)\b"
#: Emoji of anger, disappointment or scorn (a complaint cue).
NEGATIVE_EMOJI = "😡😠🤬👎🙄😒😑🤦💩😾🖕"
#: Emoji of warmth and enthusiasm (a praise cue).
POSITIVE_EMOJI = "❤♥💕💖💗💓💞💘💝💛💚💙💜🧡🤍🤎🖤😍🥰😘😻🤩👏🙌👍🎉🥳💯🌟⭐✨😊☺🙂😃😄😀😁🤗🫶💐🌹"
#: Requests and complaints are read without quoted passages of two words or more (quoted headlines and
#: share texts are someone else's words: '"Fuskare berättar om bidragsfusk" via …').
UNQUOTE_FEEDBACK = True
#: Condolences and sympathy with a sad story ("Vila i frid", "Beklagar sorgen"): anger and sadness there are
#: about the story, not feedback, so only problem reports (:data:`COMPLAINT_PROBLEMS`) count as complaints.
CONDOLENCE = [
    r"\br\.? ?i\.? ?p\b|\bvila i (?:frid|ro)\b|\bbeklagar (?:sorgen|verkligen|förlusten)\b|\b(?:mina|varma) kondoleanser\b",
    r"\b(?:tycker|tyckte) (?:så |verkligen |väldigt )?synd om\b|\btänker på (?:er|dig|familjen|de anhöriga|alla anhöriga)\b",
    r"🕊",
]
