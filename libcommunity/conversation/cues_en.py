"""English cues: the words and phrases that mark a question, a request, a complaint or praise.

Each cue is a regular-expression fragment matched against the normalised text
(lower case, links removed, ``@handles`` replaced by ``@``, whitespace
collapsed; see :func:`libcommunity.conversation.text.normalise`). ``^`` means
the start of a clause: the start of the text or just after ``.``, ``!``,
``?``, ``:``, a line break or a greeting. Written against the tuning half of
the evaluation set (see ``docs/conversation.md``).
"""

from __future__ import annotations

#: A clause that opens like a question, with or without a question mark.
QUESTION_START = [
    r"why\b",
    r"(?:what|where|which|who|whose|whom)(?!\s+(?:a|an|the hell|ever)\b)\b",
    r"how\s+(?:do|does|did|can|could|come|long|much|many|often|soon|is|are|was|were|will|would|should|to|about)\b",
    r"when\s+(?:is|are|was|were|will|do|does|did|can|could|should|would|u|you|ur|r)\b",
    r"(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|may|might)\s+"
    r"(?:i|you|u|we|they|it|there|this|that|these|those|my|your|the|a|an|any|anyone|anybody|someone|he|she)\b",
    r"any\s+(?:news|update|updates|idea|ideas|word|help|chance|reason|way|info|information|progress|eta)\b",
]
#: Question phrases anywhere in the text.
QUESTION_ANY = [
    r"\bwondering\b",
    r"\bi wonder\b",
    r"\b(?:i'd|i would|i want to|want to|wanted to) know\b",
    r"\b(?:does|do) (?:anyone|anybody|any of you) (?:know|have)\b",
    r"\bis (?:it|there) (?:possible|a way|any way)\b",
    r"\bhow (?:do|can|should|would) (?:i|we)\b",
    r"\b(?:where|who) (?:can|do|should) i\b",
    r"\bcan (?:i|we) (?:still |also )?(?:get|have|use|book|reserve|borrow|renew|bring|change|cancel|return|add|pay|buy|order)\b",
    r"\bam i able to\b",
    r"\bwhat (?:is|are|was|were|do|does|did|can|should|would|will|time|day|date|about)\b",
]
#: Asking the library to do something.
REQUEST = [
    r"\b(?:please|pls|plz|plse|kindly)\b",
    r"\b(?:can|could|would|will|won't|wont)\s+(?:you|u|ya|y'all|you guys|someone|somebody|anyone)\s+(?:please\s+|pls\s+|just\s+|kindly\s+)?"
    r"(?:help|fix|check|look|send|dm|reply|respond|answer|let|give|add|change|stop|sort|refund|cancel|call|contact"
    r"|email|update|make|bring|open|reopen|reserve|hold|renew|extend|restore|replace|resolve|escalate|order|buy|stock"
    r"|get|put|share|post|follow|assist|correct|remove|unlock|reset|reinstate|keep|start|host|run|organi[sz]e|offer)\b",
    r"\b(?:dm|message|email|e-mail|call|contact|follow|ring) me\b",
    r"\bhelp me\b",
    r"\b(?:need|want|would like|'d like) (?:some |your |urgent )?(?:help|assistance|support|a refund|my money|an answer|a reply|a response)\b",
    r"\bhelp\s*[!?.]*$",
    r"^(?:please\s+)?(?:fix|sort|change|stop|send|give|bring|add|refund|reply|answer|respond|let|make|get|open|reopen"
    r"|restore|return|lower|raise|extend|update|remove|put|hire|train|apologi[sz]e|dm)\b(?!\s+(?:is|was|were|are)\b)",
    r"\bi (?:need|want|would like|'d like|expect) (?:you|u|someone|somebody) to\b",
    r"\bi need (?:this|it|that) (?:fixed|sorted|resolved|done|changed)\b",
    r"\b(?:sort it out|sort this out|fix (?:this|it)|get (?:this|it) fixed)\b",
    r"\bi(?:'d| would) like to (?:speak|talk|cancel|request|get|have|change|return|report|book|reserve|renew)\b",
    r"(?<!i'll )(?<!i will )(?<!we'll )\bbring back\b|\b(?:give me|send me|let me know)\b",
    r"\bcheck (?:this|it) out\b",
    r"\bhook (?:me|us) up\b",
    r"\bany help\b",
    r"^(?:please\s+)?(?:don't|do not|stop)\s+\w+",
]
#: Negative feedback: dissatisfaction words.
COMPLAINT_WORDS = [
    r"\b(?:worst|terrible|awful|horrible|horrendous|disgusting|disgusted|disgrace(?:ful)?|appalling|atrocious|dreadful)\b",
    r"\b(?:disappoint(?:ed|ing|ment)?|dissatisfied|unhappy|unimpressed|frustrat\w*|furious|angry|annoy\w*|irritat\w*)\b",
    r"\b(?:useless|pathetic|ridiculous|unacceptable|shameful|shame on|rude|incompetent|clueless|hopeless|lame)\b",
    r"\b(?:scam|rip ?off|ripoff|sucks?|sucked|hate|hated|worse|nightmare|shocking|outrageous|joke|fail|failed|failing)\b",
    r"\b(?:wtf|fuck\w*|shit\w*|crap|bs|smh|ugh+|damn|pissed|fed up|sick of|tired of|had enough|done with)\b",
    r"\bnot (?:happy|impressed|good|good enough|ok|okay|acceptable|fair|right|cool|nice|helpful)\b",
    r"\b(?:poor|bad|slow|no|zero|lousy|crappy) (?:customer )?(?:service|support|experience|communication|response|help)\b",
    r"\bwhat a (?:joke|mess|shame|nightmare|waste)\b",
    r"\b(?:how rude|unbelievable|can't believe|cannot believe|cant believe|seriously\?|really\?|are you kidding)\b",
    r"\b(?:never again|neveragain|no longer|won't be back|will not be back|lost a customer|customer lost|switching to|switch to)\b",
    r"\b(?:complain\w*|complaint|bbb|ftc|lawsuit|sue)\b",
    r"\b(?:liar|lied|lying|misleading|false charge|overcharg\w*|charged (?:me )?(?:twice|again|extra))\b",
]
#: Something that went wrong with the service (a problem report).
COMPLAINT_PROBLEMS = [
    r"\b(?:not|isn't|isnt|doesn't|doesnt|don't|dont|didn't|didnt|won't|wont|wasn't|aren't|never|stopped) (?:work|working|works|load|loading|open|opening|connect|connecting|arrive|arrived|show|showing|deliver|delivered)\b",
    r"\b(?:won't|wont|doesn't|doesnt|didn't|didnt|not|isn't) (?:let|letting|allow|allowing) (?:me|us)\b",
    r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|unable to) (?:log|sign|access|get|find|connect|load|see|use|order|buy|book|make|download|install|update|pay|check|watch|play|reach|redeem|add|cancel|join|hear|do|even)\b",
    r"\bkeeps? (?:crashing|freezing|dropping|saying|telling|losing|failing|glitching|buffering|cancel\w*|charging)\b",
    r"\b(?:crash\w*|glitch\w*|buggy|bugs|bugfest|error|errors|broken|broke|damaged|missing|defect\w*|faulty|corrupt\w*)\b",
    r"\b(?:never|haven't|havent|hasn't|hasnt|didn't|didnt|not) (?:received|receive|recieved|arrived|heard|got|gotten|come|came|been (?:delivered|fixed|refunded|emailed|contacted))\b",
    r"\bstill (?:no|not|nothing|waiting|haven't|havent|hasn't|hasnt|don't|dont|doesn't|doesnt|can't|cant|broken|down)\b",
    r"\b(?:no|zero) (?:response|reply|answer|update|updates|info|information|shipping information|signal|service|internet|wifi|one (?:can|will|has|is))\b",
    r"\b(?:nobody|no one) (?:can|will|has|is|cares|answers|helps|does|did|fixes|fixed|listens)\b",
    r"\b(?:way |far |much )?too (?:cold|hot|loud|noisy|crowded|dark|expensive|slow)\b",
    r"\bon hold\b|\bwaiting (?:for|on) (?:\w+ ){0,3}(?:hours|days|weeks|months|ages)\b|\bfor ages\b",
    r"\b(?:delay\w*|late|cancel(?:l)?ed|lost|stolen|wrong|mistake|issue|issues|problem|problems|trouble|outage|down|dropped|dropping|suspended|blocked|locked out)\b",
    r"\b(?:closed my|lost my|took my|charged me|charging me|billed me)\b",
    r"\b(?:won'?t|wont'|doesn'?t|can'?t|cannot) (?:validate|activate|sync|verify|print|scan|accept|recogni[sz]e|register|authenticate"
    r"|start|boot|turn on|charge|stream|send|save|renew|reserve)\b",
    r"\b(?:barely|hardly) (?:work\w*|load\w*|usable)\b|\bnothing (?:is |was )?(?:loading|working|happening)\b",
    r"\b(?:never been|getting|so|very|too|way too) (?:slow|slower|worse)\b|\bslower\b",
    r"\b(?:needs? to|gonna|going to|ever going to|when will you|when are you going to) (?:fix|patch|sort|resolve|update)\b",
    r"\bwhy (?:did|have|would|do|does|is|are|isn't|aren't|doesn't|don't|didn't|can't|won't|haven't|hasn't|remove|discontinue\w*|change\w*)"
    r" (?:you|u|y'all|your|my|it|this|that|there|the)\b",
    r"\b(?:discontinu\w*|removed|taken off|took (?:it )?off|no longer (?:available|works|working|offer\w*|stock\w*))\b",
    r"\bmissed (?:my|the|our|her|his) (?:connection|flight|train|bus|event|appointment|delivery)\b",
    r"\bi expect(?:ed)?\b",
    r"\b(?:trying|tried) to \w+\b.{0,80}\b(?:but|and it|it says|it keeps|still)\b",
    r"[😩😢😞😫😭🙃☹🙁😕😟]",
]
#: Thanks: praise when the text asks nothing (a closing "thanks" after a question is politeness).
#: Requests phrased as a question ("can you …?"): a request, not a question, when "?" is the only question sign.
MODAL_REQUEST = REQUEST[1:2]
THANKS = [r"\b(?:thank|thanks|thanx|thx|tnx|ty|cheers|grateful|appreciate\w*)\b"]
#: Compliments and enthusiasm.
PRAISE = [
    r"\b(?:great|awesome|amazing|excellent|brilliant|fantastic|wonderful|perfect|superb|outstanding|incredible|stellar)\b",
    r"\b(?:love|loved|loving|adore|enjoy\w*|best|favou?rite|helpful|kudos|bravo|well done|good job|nice job|nice one|lovely|beautiful|gorgeous)\b",
    r"\b(?:so good|really good|so nice|so cool|too cool|blessing|legend|legends|life ?saver|happy|glad|delighted|impressed|excited|yay|woo+|hooray)\b",
    r"\b(?:you guys rock|you rock|you're the best|rock star|rockstar|the man|on point|spot on|made my (?:day|night)|shout ?out)\b",
    r"\b(?:fixed it|that worked|it worked|works now|all good|sorted now|problem solved|resolved now)\b",
]
#: Thanks that only close a question or request ("thanks in advance").
POLITENESS = [r"\bthanks? (?:you )?in advance\b", r"\bthanks? for (?:any|your) (?:help|assistance)\b", r"\badvance thanks\b"]
#: Praise words that announce sarcasm instead ("thanks for nothing", "gotta love").
SARCASM = [
    r"\bthanks? (?:a lot|for nothing|so much) *\.\.\.",
    r"\bthanks for (?:nothing|sending me a|making me|ruining|the (?:delay|wait))\b",
    r"\b(?:gotta|got to|have to|you gotta) (?:love|luv)\b",
    r"\b(?:love|loving) (?:how|that|the way) (?:you|u|i|my)\b",
    r"\b(?:great|nice|good|awesome) (?:job|work|going|one)\b.*\b(?:not|never|no|lost|late|broke\w*|delay\w*|still)\b",
    r"\bso much for\b",
    r"\b(?:yay|great|oh great|wonderful|perfect)\W+(?:another|more|again)\b",
    r"\b(?:i'm|im|i am) (?:shocked|so surprised)\b",
]
#: Negation words that turn the next few words around.
NEGATION = r"\b(?:not|no|never|isn't|isnt|wasn't|aren't|don't|dont|doesn't|didn't|won't|cannot|can't|cant|nothing|nobody|none)\b"
#: Emoji of anger, disappointment or scorn (a complaint cue).
NEGATIVE_EMOJI = "😡😠🤬👎😤🙄😒😑🤦💩😾🖕"
#: Emoji of warmth and enthusiasm (a praise cue).
POSITIVE_EMOJI = "❤♥💕💖💗💓💞💘💝💛💚💙💜🧡🤍🤎🖤😍🥰😘😻🤩👏🙌👍🎉🥳💯🌟⭐✨😊☺🙂😃😄😀😁🤗🫶💐🌹"
