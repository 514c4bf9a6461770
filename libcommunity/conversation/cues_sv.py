"""Swedish cues: question (with or without "?"), request ("skulle ni kunna", "snälla"), complaint, praise.

Matched against the normalised text (see
:func:`libcommunity.conversation.text.normalise`). Swedish asks with the verb
first ("Har ni öppet i morgon"), so a clause that opens with a finite verb
and a subject is a question; ``^`` is the start of a clause.
"""

from __future__ import annotations

#: A clause that opens like a question.
QUESTION_START = [
    r"(?:varför|hur|vart|vem|vems)\b",
    r"när (?:är|kommer|blir|öppnar|ska|skall|kan|får|har|var|börjar|slutar|stänger|går|kom|släpps|släpper)\b",
    r"(?:vilken|vilket|vilka) (?:\w+ )?(?:är|var|har|kommer|ska|kan|gäller|rekommenderar|tycker|använder|heter|föredrar)\b",
    r"vad (?:är|var|har|heter|kostar|gäller|händer|hände|menar|tycker|gör|ska|skall|kan|betyder|hette|för)\b",
    r"var (?:är|finns|kan|hittar|ligger|köper|får)\b",
    r"(?:finns det|går det|blir det|kommer det|är det|var det|gäller det|funkar det|fungerar det|stämmer det)\b",
    r"(?:har|är|kan|får|ska|skall|kommer|vet|tar|gör|hade|blir|måste|behöver|brukar|borde|tycker|gillar|minns)"
    r" (?:ni|du|man|jag|vi|någon|nån)\b",
    r"någon som (?:vet|har|kan|minns|vill)\b",
]
QUESTION_ANY = [
    r"\b(?:undrar|undrade|funderar på om|skulle vilja veta|vill veta|vill gärna veta|nyfiken på (?:vad|hur|om|när|var))\b",
    r"\b(?:en|har en|liten) fråga\b",
]
#: Asking the library to do something.
REQUEST = [
    r"\b(?:snä+l+a|vänligen|var snäll|please|plz|pls)\b",
    r"\b(?:kan|kunde|skulle) (?:ni|du|någon|nån) (?:inte |snälla |gärna |please )?(?:kunna )?(?!berätta|vara|tänka|säga)\w+a\b",
    r"\bskulle (?:ni|du) kunna\b",
    r"\b(?:vore|hade varit|skulle vara) (?:det )?(?:så )?(?:kul|roligt|bra|fint|snällt|en dröm|toppen|grymt|härligt|najs|intressant) (?:om|att|med)\b",
    r"\b(?:önskar|önskemål|önskar mig|hoppas på|ser fram emot)\b",
    r"(?:^|\W)(?:gör|följ|bjud|lägg|fixa|åtgärda|hjälp|kolla|ring|svara|ge|visa|berätta|testa|ta|skicka|intervjua|sluta|ändra|ordna|släpp|ladda)"
    r" (?:en|fler|mer|flera|detta|det|om|gärna|mig|oss|in|till|upp|ut|på|bort|tillbaka|med|nu|snälla|er|att)\b",
    r"\b(?:du|ni) (?:borde|måste|får gärna|kan gärna|bör|behöver)\b",
    r"\bmer (?:mer|snälla|videos|videor|vloggar|sånt|sådant|av|content|innehåll)\b|^(?:ja )?mer\s*[!.]*$",
    r"\bfler (?:videos|videor|vloggar|sådana|såna|avsnitt)\b",
    r"\bföljer du (?:mig|tillbaka)\b|\bfölj (?:mig|tillbaka)\b|\bförtjänar (?:jag|det) (?:väl )?en follow\b",
    r"\b(?:jag vill|vi vill) (?:att ni|att du|ha|se|veta)\b",
]
COMPLAINT_WORDS = [
    r"\b(?:dålig\w*|sämst|sämre|usel\w*|urusel\w*|värdelös\w*|pinsam\w*|skäms|skämmas|skandal\w*|bedrövlig\w*|katastrof\w*|löjlig\w*)\b",
    r"\b(?:irriterande|irriterad|störigt|störande|störd|trist|tråkig\w*|besviken|besvikna|besviket|missnöjd\w*|arg|arga|förbannad\w*|sur)\b",
    r"\b(?:trött på|less på|så less|klaga|klagar|klagomål|reklamer\w*|oseriös\w*|lurad\w*|lura\w*|bluff\w*)\b",
    r"\b(?:moneygrab|snacka skit|snackar skit|snackade skit|ljuger|ljög|lögn\w*|orimlig\w*|rimligt\?|smart\.|gubbfest|sensationstidning)\b",
    r"\b(?:inte (?:bra|okej|ok|kul|roligt|snyggt|snällt|schysst|rimligt|acceptabelt|värt|nöjd|nöjda|viktig|tillräckligt)|ingen nyhetstidning)\b",
    r"\b(?:förstörde|förstör|förstört|utnyttjar|utnyttja|kränk\w*|respektlös\w*|oprofessionell\w*)\b",
    r"\b(?:sluta kolla|slutar kolla|avprenumerer\w*|lika gärna sluta|aldrig mer)\b",
]
COMPLAINT_PROBLEMS = [
    r"\b(?:fungerar|funkar|går|fungerade|funkade|gick) (?:inte|ej)\b",
    r"\b(?:kan|kunde|får|fick) (?:inte|ej) (?:logga|komma|se|hitta|ladda|betala|boka|joina|spela|höra|öppna|låna|reservera|använda|starta)\b",
    r"\b(?:försen\w*|försening\w*|inställd\w*|stängd\w*|fel(?! av mig)|felet|felaktig\w*|problem\w*|strul\w*|krångl\w*|saknas|borta|trasig\w*|buggig\w*)\b",
    r"\b(?:inget|ingen|inga) (?:svar|respons|internet|tv|wifi|besked|information|info|ljud)\b|\bvarken\b",
    r"\b(?:väntat|väntar fortfarande|väntar fortf|fortfarande inte|har inte fått|fick inte|aldrig fått)\b",
    r"\b(?:ljudet|bilden|kvaliteten|ljudkvalitet\w*)\b(?!\s+(?:är|var) (?:bra|fin|grym))",
    r"\b(?:för|alldeles för|väldigt) (?:kallt|varmt|dyrt|trångt|högljutt|stökigt|mörkt)\b|\bingen (?:gör|bryr sig|svarar|lyssnar)\b",
    r"\b(?:halva beloppet|hälften av beloppet|tillbaka pengar|pengarna tillbaka)\b",
    r"\bman ser ju att\b",
    r"\b(?:finns|är|ligger)\b(?:\s+\S+){0,3}\s+(?:inte|ej) (?:kvar|med|uppe|tillgänglig\w*)\b",
]
#: Requests phrased as a question ("can you …?"): a request, not a question, when "?" is the only question sign.
MODAL_REQUEST = REQUEST[1:3]
THANKS = [r"\b(?:tack|tackar|tusen tack|stort tack|tacksam\w*|thanks|thank you)\b"]
PRAISE = [
    r"\b(?:bra|bäst|bästa|härlig\w*|fin|fint|fina|finaste|underbar\w*|mysig\w*|mys|snygg\w*|skitsnygg\w*|grym\w*|fantastisk\w*|toppen|suverän\w*)\b",
    r"\b(?:älskar|älskade|älska|gillar|gillade|kul|roligt|rolig|härligt|ljuvlig\w*|vacker\w*|söt\w*|gullig\w*|häftig\w*|coolt|cool|magisk\w*|proffsig\w*)\b",
    r"\b(?:bravo|heja|grattis|wow|woow+|yay|favorit\w*|höjdpunkt\w*|inspirer\w*|beundrar|respekt|imponerad\w*|glad|glada|lycklig\w*|taggad\w*|najs|nice)\b",
    r"\b(?:team \w+|teamjonna|#team\w*|for president|lyfter hatten|ni är bäst|du är bäst|viktigt)\b",
    r"\b(?:där kom den|äntligen|så skönt|vad skönt)\b",
]
POLITENESS = [r"\btack (?:på förhand|i förväg|för hjälpen)\b"]
SARCASM = [r"\bsmart\.", r"\btack för (?:inget|ingenting)\b", r"\bbra jobbat\b.*\b(?:inte|ingen|aldrig)\b", r"\brimligt\?"]
NEGATION = r"\b(?:inte|ej|ingen|inget|inga|aldrig|varken|knappast)\b"
#: Emoji of anger, disappointment or scorn (a complaint cue).
NEGATIVE_EMOJI = "😡😠🤬👎🙄😒😑🤦💩😾🖕"
#: Emoji of warmth and enthusiasm (a praise cue).
POSITIVE_EMOJI = "❤♥💕💖💗💓💞💘💝💛💚💙💜🧡🤍🤎🖤😍🥰😘😻🤩👏🙌👍🎉🥳💯🌟⭐✨😊☺🙂😃😄😀😁🤗🫶💐🌹"
