"""Texts of the conversation figures that tell what needs a reply and what people told the library (en, es, sv).

Merged into :data:`libcommunity.report.messages.MESSAGES`. Figures: ``response``
(the items that need a reply), ``response_all``, ``acknowledgement`` and
``feedback`` of ``docs/metrics.md``.
"""

from __future__ import annotations

__all__ = ["CONVERSATION_MESSAGES"]

CONVERSATION_MESSAGES = {
    # ------------------------------------------------------------------ cards and the figures over every item
    "card_response_rate_needs": {
        "en": "Response rate (needs a reply)",
        "es": "Tasa de respuesta (necesitan respuesta)",
        "sv": "Svarsfrekvens (behöver svar)",
    },
    "card_needs_detail": {
        "en": "questions, requests, complaints, direct messages",
        "es": "preguntas, peticiones, quejas, mensajes directos",
        "sv": "frågor, önskemål, klagomål, direktmeddelanden",
    },
    "response_all_text": {
        "en": "Counting every comment, mention and message, also those that needed no reply (thanks, compliments, chat): "
        "{answered} of {items} answered ({rate}).",
        "es": "Contando todos los comentarios, menciones y mensajes, también los que no necesitaban respuesta "
        "(agradecimientos, elogios, charla): {answered} de {items} respondidos ({rate}).",
        "sv": "Räknat på alla kommentarer, omnämnanden och meddelanden, även de som inte behövde svar (tack, beröm, "
        "småprat): {answered} av {items} besvarade ({rate}).",
    },
    "unjudged_text": {
        "en": "{n} of them had no text to read (the export holds none); they are counted as needing a reply.",
        "es": "{n} no tenían texto que leer (la exportación no lo incluye); se cuentan como pendientes de respuesta.",
        "sv": "{n} av dem hade ingen text att läsa (exporten saknar den); de räknas som att de behöver svar.",
    },
    "alt_response_needs": {
        "en": "Bar chart of the month's questions, requests, complaints and direct messages by time to the library's "
        "first answer: {values}.",
        "es": "Gráfico de barras de las preguntas, peticiones, quejas y mensajes directos del mes según el tiempo hasta "
        "la primera respuesta de la biblioteca: {values}.",
        "sv": "Stapeldiagram över månadens frågor, önskemål, klagomål och direktmeddelanden efter tid till "
        "bibliotekets första svar: {values}.",
    },
    "response_none_needs": {
        "en": "Nothing this month needed a reply: no question, request, complaint or direct message.",
        "es": "Nada necesitó respuesta este mes: ninguna pregunta, petición, queja ni mensaje directo.",
        "sv": "Inget behövde svar den här månaden: inga frågor, önskemål, klagomål eller direktmeddelanden.",
    },
    # ------------------------------------------------------------------ the waiting list
    "waiting_caption": {
        "en": "{n} questions, requests, complaints and messages without an answer: complaints first, then the longest wait.",
        "es": "{n} preguntas, peticiones, quejas y mensajes sin respuesta: primero las quejas, después las que más esperan.",
        "sv": "{n} frågor, önskemål, klagomål och meddelanden utan svar: klagomål först, sedan längst väntan.",
    },
    "waiting_none": {
        "en": "Nothing is waiting: every question, request, complaint and message of the month older than {hours} hours has an answer.",
        "es": "No hay nada pendiente: toda pregunta, petición, queja y mensaje del mes con más de {hours} horas tiene respuesta.",
        "sv": "Inget väntar: alla frågor, önskemål, klagomål och meddelanden från månaden som är äldre än {hours} timmar har fått svar.",
    },
    "waiting_more": {
        "en": "…and {n} more: the full list, complaints first, with {command}",
        "es": "…y {n} más: la lista completa, primero las quejas, con {command}",
        "sv": "…och {n} till: hela listan, klagomål först, med {command}",
    },
    "col_need": {"en": "Needs", "es": "Necesita", "sv": "Behöver"},
    "col_answered": {"en": "Answered", "es": "Respondida", "sv": "Besvarad"},
    "post_link": {"en": "view post", "es": "ver publicación", "sv": "visa inlägg"},
    "need_complaint": {"en": "complaint", "es": "queja", "sv": "klagomål"},
    "need_request": {"en": "request", "es": "petición", "sv": "önskemål"},
    "need_question": {"en": "question", "es": "pregunta", "sv": "fråga"},
    "need_message": {"en": "direct message", "es": "mensaje directo", "sv": "direktmeddelande"},
    "need_unjudged": {"en": "no text", "es": "sin texto", "sv": "ingen text"},
    "answered_after": {"en": "after {time}", "es": "tras {time}", "sv": "efter {time}"},
    "not_answered": {"en": "not yet", "es": "aún no", "sv": "inte än"},
    # ------------------------------------------------------------------ what people told us
    "told_title": {"en": "What people told us", "es": "Lo que nos dijo la gente", "sv": "Vad folk sa till oss"},
    "told_counts": {
        "en": "Of the {items} comments, mentions and messages of the month: {complaints}, {questions}, {requests}, {praise}.",
        "es": "De los {items} comentarios, menciones y mensajes del mes: {complaints}, {questions}, {requests}, {praise}.",
        "sv": "Av månadens {items} kommentarer, omnämnanden och meddelanden: {complaints}, {questions}, {requests}, {praise}.",
    },
    "told_thanks": {
        "en": "To thank people for: {shares}, {ugc}, {praise}. The library liked or answered {acknowledged} of these "
        "{items} ({rate}).",
        "es": "Para agradecer: {shares}, {ugc}, {praise}. La biblioteca reaccionó o respondió a {acknowledged} de estos "
        "{items} ({rate}).",
        "sv": "Att tacka för: {shares}, {ugc}, {praise}. Biblioteket reagerade på eller svarade {acknowledged} av dessa "
        "{items} ({rate}).",
    },
    "told_thanks_none": {
        "en": "Nobody shared, posted about the library or thanked it this month.",
        "es": "Nadie compartió, publicó sobre la biblioteca ni le dio las gracias este mes.",
        "sv": "Ingen delade, skrev om biblioteket eller tackade det den här månaden.",
    },
    "complaints_caption_one": {
        "en": "{n} complaint this month, answered or not. What does it say about the service?",
        "es": "{n} queja este mes, respondida o no. ¿Qué dice del servicio?",
        "sv": "{n} klagomål den här månaden, besvarat eller inte. Vad säger det om verksamheten?",
    },
    "complaints_caption_other": {
        "en": "{n} complaints this month, answered or not. Read them together: what do they share?",
        "es": "{n} quejas este mes, respondidas o no. Léelas juntas: ¿qué tienen en común?",
        "sv": "{n} klagomål den här månaden, besvarade eller inte. Läs dem tillsammans: vad har de gemensamt?",
    },
    "complaints_none": {
        "en": "No complaint this month.",
        "es": "Ninguna queja este mes.",
        "sv": "Inga klagomål den här månaden.",
    },
    "complaints_more": {
        "en": "…and {n} more (libcommunity todo lists those still waiting for an answer).",
        "es": "…y {n} más (libcommunity todo enumera las que aún esperan respuesta).",
        "sv": "…och {n} till (libcommunity todo listar de som fortfarande väntar på svar).",
    },
    # ------------------------------------------------------------------ counts (what people told us, advice)
    "count_complaint_one": {"en": "{n} complaint", "es": "{n} queja", "sv": "{n} klagomål"},
    "count_complaint_other": {"en": "{n} complaints", "es": "{n} quejas", "sv": "{n} klagomål"},
    "count_request_one": {"en": "{n} request", "es": "{n} petición", "sv": "{n} önskemål"},
    "count_request_other": {"en": "{n} requests", "es": "{n} peticiones", "sv": "{n} önskemål"},
    "count_question_one": {"en": "{n} question", "es": "{n} pregunta", "sv": "{n} fråga"},
    "count_question_other": {"en": "{n} questions", "es": "{n} preguntas", "sv": "{n} frågor"},
    "count_message_one": {"en": "{n} direct message", "es": "{n} mensaje directo", "sv": "{n} direktmeddelande"},
    "count_message_other": {"en": "{n} direct messages", "es": "{n} mensajes directos", "sv": "{n} direktmeddelanden"},
    "count_praise_one": {"en": "{n} thank-you or compliment", "es": "{n} agradecimiento o elogio", "sv": "{n} tack eller beröm"},
    "count_praise_other": {"en": "{n} thank-yous and compliments", "es": "{n} agradecimientos y elogios", "sv": "{n} tack och beröm"},
    "count_share_one": {"en": "{n} share", "es": "{n} compartido", "sv": "{n} delning"},
    "count_share_other": {"en": "{n} shares", "es": "{n} compartidos", "sv": "{n} delningar"},
    "count_ugc_one": {
        "en": "{n} post of their own about the library",
        "es": "{n} publicación propia sobre la biblioteca",
        "sv": "{n} eget inlägg om biblioteket",
    },
    "count_ugc_other": {
        "en": "{n} posts of their own about the library",
        "es": "{n} publicaciones propias sobre la biblioteca",
        "sv": "{n} egna inlägg om biblioteket",
    },
    "count_unjudged_one": {"en": "{n} without text", "es": "{n} sin texto", "sv": "{n} utan text"},
    "count_unjudged_other": {"en": "{n} without text", "es": "{n} sin texto", "sv": "{n} utan text"},
    # ------------------------------------------------------------------ advice
    "rec_complaints_one": {
        "en": "{n} complaint this month: answer it and see what it says about the service (listed under What people told us).",
        "es": "{n} queja este mes: respóndela y mira qué dice del servicio (en Lo que nos dijo la gente).",
        "sv": "{n} klagomål den här månaden: svara på det och se vad det säger om verksamheten (listat under Vad folk sa till oss).",
    },
    "rec_complaints_other": {
        "en": "{n} complaints this month: answer them and see what they share (listed under What people told us).",
        "es": "{n} quejas este mes: respóndelas y mira qué tienen en común (en Lo que nos dijo la gente).",
        "sv": "{n} klagomål den här månaden: svara på dem och se vad de har gemensamt (listade under Vad folk sa till oss).",
    },
    "rec_complaints_why": {
        "en": "Rule: listen to negative feedback and respond; one complaint is enough to act.",
        "es": "Regla: escucha las críticas y responde; basta con una queja para actuar.",
        "sv": "Regel: lyssna på kritik och svara; ett enda klagomål räcker för att agera.",
    },
    "rec_acknowledge": {
        "en": "Thank the people who share your posts, post about the library or praise it: {acknowledged} of {items} got "
        "a like or a reply ({rate}).",
        "es": "Agradece a quienes comparten tus publicaciones, publican sobre la biblioteca o la elogian: {acknowledged} "
        "de {items} recibieron un me gusta o una respuesta ({rate}).",
        "sv": "Tacka dem som delar era inlägg, skriver om biblioteket eller berömmer det: {acknowledged} av {items} fick "
        "en gillning eller ett svar ({rate}).",
    },
    "rec_acknowledge_why": {
        "en": "Rule: fewer than {target} of the shares, own posts and compliments got a reaction or a reply ({min} or more of them).",
        "es": "Regla: menos del {target} de los compartidos, publicaciones propias y elogios recibió una reacción o una respuesta ({min} o más).",
        "sv": "Regel: färre än {target} av delningar, egna inlägg och beröm fick en reaktion eller ett svar ({min} eller fler).",
    },
}
