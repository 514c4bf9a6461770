"""Spanish cues (Spain and Latin America): question, request, complaint, praise.

Matched against the normalised text (lower case, accents kept; see
:func:`libcommunity.conversation.text.normalise`). Many people write without
accents and without the opening ``¿``, so interrogatives are matched with and
without them. ``^`` is the start of a clause.
"""

from __future__ import annotations

#: A clause that opens like a question (a "¿" or "?" anywhere is a question sign on its own).
QUESTION_START = [
    r"(?:por ?qu[ée]|porqu[ée]|porque(?=\s+(?:no|con|hay|me|se|tengo|tienen|ten[ée]is|est[aá]n?|es|son|siempre|nunca)\b))",
    r"qu[ée] (?:pasa|pas[oó]|hago|hacemos|tengo|tenemos|debo|puedo|soluci[oó]n|opciones?|horario|d[ií]a|hora|necesito|significa|es lo que)\b",
    r"c[oó]mo (?:puedo|podemos|se|hago|hacemos|debo|funciona|es|est[aá]|consigo|reclamo|contacto|lo|la)\b",
    r"cu[aá]ndo (?:ser[aá]|es|abr\w+|sale|llega|lleg\w+|habr[aá]|van|vais|van a|vuelve|pod\w+|tendr\w+|empieza|se)\b",
    r"d[oó]nde (?:puedo|est[aá]n?|se|hay|queda|recojo|reclamo|encuentro|hago)\b",
    r"cu[aá]nt[oa]s? \w+",
    r"cu[aá]l(?:es)? (?:es|son|ser[aá])\b",
    r"qui[ée]n (?:me|nos|se|paga|es|puede|responde)\b",
    r"(?:hay|habr[aá]|existe|se puede|se podr[ií]a|es posible|ser[ií]a posible|tienen|ten[ée]is|tendr[ée]is|tendr[aá]n|"
    r"puedo|podr[ií]a|sab[ée]is|saben|sigue|siguen|funciona|hace falta|es necesario|es obligatorio|est[aá] abierto|abr[ií]s|abren)\b",
    r"para cu[aá]ndo\b",
]
#: Question phrases anywhere.
QUESTION_ANY = [
    r"\b(?:quer[ií]a|quisiera|me gustar[ií]a|quiero) (?:saber|preguntar|consultar)\b",
    r"\b(?:me|nos) (?:podr[ií]an|podr[ií]ais|pod[ée]is|pueden|puede|podr[ií]as|puedes) (?:decir|informar|explicar|aclarar|indicar|confirmar)\b",
    r"\b(?:podr[ií]an|podr[ií]ais|pod[ée]is|pueden|puedes|podr[ií]as) (?:decirme|explicarme|informarme|indicarme|confirmarme|aclararme|decirnos)\b",
    r"\b(?:alguien|alguno) sabe\b",
    r"\buna (?:pregunta|consulta|duda)\b",
    r"\bme pregunto\b",
    r"\ba partir de (?:qu[ée]|cu[aá]ndo)\b",
]
#: Asking the library to do something (modal requests, imperatives, "por favor").
REQUEST = [
    r"\b(?:por favor|porfa|porfavor|x favor|please)\b",
    r"\b(?:pod[ée]is|podr[ií]ais|podr[ií]an|pueden|puede|podr[ií]a|podr[ií]as|puedes)\s+(?:por favor\s+)?"
    r"(?!decir|explicar|informar|indicar|confirmar|aclarar|ser|estar|tener|haber)\w+(?:ar|er|ir)(?:me|nos|lo|la|los|las|le|les|melo)?\b",
    r"\b(?:necesito|necesitamos) (?:que|ayuda|hablar|una? soluci[oó]n|una? respuesta|el|la|mi|mis|un|una)\b",
    r"\b(?:me gustar[ií]a|me encantar[ií]a|quiero|queremos|exijo|exigimos|pido|pedimos|les pido|os pido|solicito|rogamos|ruego) que\b",
    r"\b(?:os|les) (?:pido|pedimos|ruego|rogamos|exijo|exigimos)\b",
    r"\b(?:les|os) pedimos\b",
    r"\b(?:dev[uú]elv(?:e|a|an|eme|anme|enme|emelo)|devolved\w*|ay[uú]d\w*me|ayudadme|contestad|conteste[ns]?|respond(?:an|ed|edme)|solucion(?:en|ad)|arregl(?:en|ad)|"
    r"revis(?:en|ad)|mand(?:ad|en)|envi(?:ad|en)|env[ií]en|escrib(?:idme|anme)|ll[aá]m(?:adme|enme)|pag(?:ad|en|uen)|"
    r"cambi(?:ad|en)|pon(?:ed|gan)|abr(?:id|an)|a[ñn]ad(?:id|an)|tra(?:ed|igan)|hag(?:an|ed)|dej(?:ad|en)|decidme|d[ií]game|"
    r"dime|digan|contact(?:ad|en)|aclaren|atiendan|pongan)\b",
    r"\b(?:ayuda|socorro)\s*[!¡?.]*$",
    r"\bnecesito ayuda\b",
    r"\bnecesito comentar\w*\b",
    r"\b(?:os|les) (?:he |hemos )?(?:enviado|mandado|escrito) (?:un |una )?(?:dm|md|privado|mensaje)\b.*\b(?:solucion|ayud|revis|mir)\w*",
    r"\b(?:espero|esperamos) que (?:lo )?(?:teng[áa]is|tengan|solucion|arregl|revis|respond|contest)\w*",
    r"\bestar[ií]a (?:bien|bastante bien|genial) (?:que|darle)\b",
    r"\bsugerencia\b",
]
#: Negative feedback: dissatisfaction words.
COMPLAINT_WORDS = [
    r"\b(?:verg[uü]enza|vergonzos[oa]s?|lamentable|penos[oa]|p[ée]sim[oa]|fatal|horrible|desastr\w*|impresentables?|indignante|indignad[oa]s?)\b",
    r"\b(?:inaceptable|in[uú]til(?:es)?|ineptos?|incompetent\w*|cutre|timo|estafa|robo|ladrones|mentir\w*|enga[ñn]\w*|abus\w*)\b",
    r"\b(?:queja|quejas|reclamaci[oó]n|reclamaciones|reclamar|reclamo|reclam[ée]|denuncia\w*|hoja de reclamaciones|consumo)\b",
    r"\b(?:hart[oa]s?|me cans[ée]|cansad[oa]s? de|enfadad[oa]s?|cabread[oa]s?|decepcion\w*|descontent[oa]s?|indignaci[oó]n|sufrir)\b",
    r"\b(?:mala|malas|mal|nula|p[ée]sima) (?:atenci[oó]n|servicio|experiencia|gesti[oó]n|organizaci[oó]n|educaci[oó]n)\b",
    r"\b(?:peor|basura|asco|mierda|puto|puta|putada|joder|jod\w+|cojones|co[ñn]o|cachondeo|descontrol|vaya tela|menud[oa]s?|shame)\b",
    r"\b(?:tomando el pelo|tom[aá]ndome el pelo|ni caso|dejan mucho que desear|deja mucho que desear|sin acritud)\b",
    r"\b(?:no estoy de acuerdo|no me parece bien|no es normal|no hay derecho|es increible que|es incre[ií]ble que|incre[ií]ble que)\b",
    r"\b(?:no me gusta|no nos gusta|nada bien|no est[aá] bien|no vale|muy mal|qu[ée] mal|fatal)\b",
    r"\b(?:ya basta|nunca m[aá]s|no volver[ée]|utilizar[ée] otra|me voy a otra|otra compa[ñn][ií]a)\b",
]
#: Something that went wrong with the service (a problem report).
COMPLAINT_PROBLEMS = [
    r"\b(?:retras\w*|demora\w*|cancel\w*|perdid[oa]s?|perd[ií]\w*|perdi[oó]|pierde\w*|extravi\w*|rot[oa]s?|romp\w*|da[ñn]ad[oa]s?|desperfecto\w*|overbooking|oberbuquin)\b",
    r"\bno (?:funciona\w*|va|carga|abre|deja\w*|me deja\w*|permite\w*|me permite\w*|puedo|pude|consigo|logro|aparece|sale|llega\w*|lleg[oó]|ha llegado|han llegado|encuentr\w*|responde\w*|contesta\w*|atiende\w*|resuelv\w*|resolv\w*|dan|dais|saben|sab[ée]is)\b",
    r"\bno (?:me|nos|le|les) (?:ha |han )?(?:lleg\w*|respond\w*|contest\w*|devuelv\w*|devolv\w*|dan|dais|avis\w*|informa\w*|solucion\w*|deja\w*|funciona\w*)",
    r"\b(?:imposible|error|errores|fallo|fallos|problema|problemas|incidencia|bucle|caído|caida|ca[ií]da)\b",
    r"\bsin (?:wifi|internet|luz|calefacci[oó]n|aire|servicio|cobertura|conexi[oó]n|agua)\b",
    r"\b(?:sin|ninguna) (?:respuesta|explicaci[oó]n|explicaciones|soluci[oó]n|noticias|informaci[oó]n|aviso|avisar|notificar\w*)\b",
    r"\b(?:sigo|seguimos|sigue|siguen|contin[uú]an?) (?:sin|esperando)\b",
    r"\b(?:a[uú]n|todav[ií]a) no\b",
    r"\bllev(?:o|amos) (?:m[aá]s de |casi )?(?:\d+|una|dos|tres|cuatro|cinco|varios|varias|mil) (?:horas?|d[ií]as|semanas|meses|veces|llamadas)\b",
    r"\b(?:me|nos) (?:cobra\w*|cobr[oó]|han cobrado|cobraron)\b|\bcobran\b",
    r"\b(?:nadie|ninguno) (?:me |nos )?(?:responde|contesta|sabe|atiende|ayuda|da)\b",
    r"\bhe (?:contactado|llamado|escrito|reclamado|intentado)\b",
    r"\besperando (?:m[aá]s de )?\d+\b|\bllev\w+ (?:\S+ ){0,3}esperando\b",
    r"\b(?:m[aá]s|muy|desorbitadamente|demasiado) car[oa]s?\b|\bcar[ií]sim[oa]s?\b",
    r"\bhasta que (?:reciba|me (?:den|respond\w*|contest\w*|solucion\w*))\b",
    r"\b(?:tratando|intentando|intent[ée]) (?:de )?\w+\b.{0,80}\bpero\b",
    r"[😩😢😞😫😭🙃☹🙁😕😟]",
]
#: Requests phrased as a question ("can you …?"): a request, not a question, when "?" is the only question sign.
MODAL_REQUEST = REQUEST[1:2]
THANKS = [r"\b(?:gracias|grax|agradec\w*|thanks|thank you)\b"]
PRAISE = [
    r"\b(?:genial|geniales|estupend[oa]s?|excelente\w*|maravill\w*|fant[aá]stic[oa]s?|espectacular\w*|perfect[oa]s?|buen[ií]sim[oa]s?)\b",
    r"\b(?:me encanta\w*|me encant[oó]|encantad[oa]s?|me gusta\w*|me gust[oó]|nos encant\w*|nos gust\w*|bravo|enhorabuena|felicidades|felicit\w*)\b",
    r"\b(?:precios[oa]s?|bonit[oa]s?|chul[oa]s?|guap[oa]s?|lo mejor|el mejor|la mejor|los mejores|recomendable|recomiendo|ole|ol[ée]|qu[ée] bien|top)\b",
    r"\b(?:amables?|majos?|ejemplar|impecable|puntual\w*|feliz|felices|ilusi[oó]n|suerte de|orgullos[oa]s?|encantador[oa]?s?)\b",
    r"(?:^|\W)incre[ií]ble(?!\s+que)\b",
    r"\b(?:tema solucionado|todo solucionado|ya funciona|solucionado|resuelto|arreglado)\b(?!\s+nada)",
    r"\b(?:a volar|deseando|qu[ée] ganas|viajar (?:me|te) )\b",
]
POLITENESS = [
    r"\bgracias (?:de antemano|por adelantado|por anticipado|anticipadas)\b",
    r"\bgracias por (?:su|vuestra|tu) (?:ayuda|atenci[oó]n)\b",
]
SARCASM = [
    r"\b(?:muchas |mil )?gracias por (?:las?|los?|el|la) (?:\S+ ){0,3}(?:retraso|horas|espera|cancelaci[oó]n|p[ée]rdida|nada)\w*",
    r"\bgracias (?:x|por) (?:corregir |arreglar |solucionar )?nada\b",
    r"\bgran experiencia\b",
    r"\bmuy bonito todo\b",
    r"\b(?:sois|son) (?:la leche|unos cracks)\b",
    r"\bningún problema,",
    r"👌",
]
NEGATION = r"\b(?:no|nunca|jam[aá]s|ni|nada|nadie|ning[uú]n\w*|tampoco|sin)\b"
#: Emoji of anger, disappointment or scorn (a complaint cue).
NEGATIVE_EMOJI = "😡😠🤬👎😤🙄😒😑🤦💩😾🖕"
#: Emoji of warmth and enthusiasm (a praise cue).
POSITIVE_EMOJI = "❤♥💕💖💗💓💞💘💝💛💚💙💜🧡🤍🤎🖤😍🥰😘😻🤩👏🙌👍🎉🥳💯🌟⭐✨😊☺🙂😃😄😀😁🤗🫶💐🌹"
