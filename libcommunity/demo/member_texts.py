"""What members write to the library, by intent: questions, requests, complaints, praise and the rest.

Each member comment, mention and message of the simulation has an *intended
kind* (its ground truth): ``question``, ``request``, ``complaint``,
``praise`` or ``other``. The items that need a reply (the ones the
simulation marks ``question``: the library answers most of them) are split
into questions with a question mark, questions without one ("Quería saber
si…", "Undrar om…"), requests and complaints; the others are praise or other
remarks (member-to-member replies, content members post, plain messages).
The split draws from its own random generator, so the rest of the
simulation (who acts, when, what the library answers) does not depend on it.
"""

from __future__ import annotations

import numpy as np

__all__ = ["INTENTS", "NEEDS_REPLY_SPLIT", "PRAISE_SHARE", "MEMBER_TEXTS", "draw_intents", "intent_of"]

#: The intended kinds a member text can have.
INTENTS = ("question", "request", "complaint", "praise", "other")
#: How the items that need a reply split: text pool -> share.
NEEDS_REPLY_SPLIT = {"question": 0.45, "question_plain": 0.15, "request": 0.2, "complaint": 0.2}
#: Share of plain comments (not needing a reply, not member-to-member replies) that are praise.
PRAISE_SHARE = 0.85

MEMBER_TEXTS = {
    "es": {
        "question_plain": [
            "Quería saber si abrís también en agosto",
            "Me gustaría saber hasta cuándo se puede devolver el libro",
            "Alguien sabe si hay que llevar el carné al taller",
            "Buenas, cómo se renueva un préstamo desde la app",
            "Para cuándo la próxima sesión del club de lectura",
            "Hola, podríais decirme si el taller es apto para niños de 6 años",
        ],
        "request": [
            "¿Podríais subir la lista de lecturas del club a la web?",
            "Por favor, poned más títulos en letra grande",
            "Ojalá abrierais los sábados por la tarde, os lo pido por favor",
            "Podríais añadir más novela gráfica al catálogo",
            "Necesito que me renovéis el préstamo, no me deja desde la app",
            "Por favor avisad con más antelación de los talleres",
        ],
        "complaint": [
            "Otra vez sin wifi en la sala de estudio, así no hay quien trabaje",
            "Llevo dos semanas esperando la reserva y nadie me avisa",
            "El horario de verano es fatal, cerráis justo cuando salimos de trabajar",
            "Qué pena que el taller se llenara en cinco minutos, muy mal organizado",
            "La app no funciona desde la actualización, no puedo renovar nada",
            "Hace un frío horrible en la sala infantil, ¿nadie lo arregla?",
        ],
        "comment_other": ["Apuntado en mi lista", "Yo lo tengo en casa", "Lo empecé ayer", "Lo vi en la tele"],
        "apology": [
            "Sentimos mucho las molestias. Ya lo estamos revisando y te escribimos por mensaje privado.",
            "Tienes toda la razón, lo trasladamos al equipo hoy mismo. Gracias por avisarnos.",
            "Lo sentimos. Escríbenos por privado y lo solucionamos cuanto antes.",
        ],
    },
    "sv": {
        "question_plain": [
            "Undrar om ni har öppet i påsk",
            "Har ni öppet på lördag",
            "Någon som vet om man måste anmäla sig till bokcirkeln",
            "Hur länge får man låna e-böcker",
            "Vill veta om sagostunden passar för treåringar",
            "Går det att reservera via appen",
        ],
        "request": [
            "Skulle ni kunna ha öppet längre på lördagar?",
            "Snälla, köp in fler ljudböcker för barn",
            "Kan ni lägga upp programmet för hösten på webben",
            "Vore toppen om ni ordnade fler språkcaféer",
            "Snälla förläng mitt lån, appen krånglar",
            "Ta gärna in fler serieromaner",
        ],
        "complaint": [
            "Wifi:t i läsesalen fungerar inte igen, så trist",
            "Har väntat tre veckor på min reservation och inget besked",
            "Dåligt att barnavdelningen är stängd hela sommaren",
            "Appen funkar inte sedan uppdateringen, kan inte låna om något",
            "Besviken, bokcirkeln blev fullbokad på fem minuter",
            "Alldeles för kallt i läsesalen, ingen gör något åt det",
        ],
        "comment_other": ["Den hamnar på min läslista", "Har den hemma", "Började på den igår", "Såg den på tv"],
        "apology": [
            "Förlåt för strulet! Vi kollar på det direkt och hör av oss i ett privat meddelande.",
            "Du har helt rätt, vi tar upp det med kollegorna idag. Tack för att du sa till.",
            "Så tråkigt, det ska inte vara så. Skicka ett DM så löser vi det.",
        ],
    },
    "en": {
        "question_plain": [
            "I was wondering whether you're open on bank holidays",
            "Does anyone know if the book club needs booking",
            "How long can I keep an ebook",
            "Just wanted to know if storytime is suitable for a three year old",
            "Is there parking near the library",
            "When does the summer reading challenge start",
        ],
        "request": [
            "Could you please open later on Saturdays?",
            "Please get more large print books in",
            "Would you add more graphic novels to the catalogue",
            "Can you post the autumn programme on the website",
            "Please renew my loan, the app won't let me",
            "Bring back the Thursday evening opening please",
        ],
        "complaint": [
            "The wifi in the study room is down again, really frustrating",
            "Been waiting three weeks for my reservation and still no news",
            "Disappointed the children's section is closed all summer",
            "The app hasn't worked since the update, I can't renew anything",
            "Book club was full in five minutes, not fair on those of us at work",
            "Way too cold in the reading room and nobody does anything about it",
        ],
        "comment_other": ["Added to my list", "Got it at home", "Started it yesterday", "Saw it on TV"],
        "apology": [
            "So sorry about this! We're looking into it now and will DM you.",
            "You're absolutely right, we're raising it with the team today. Thanks for telling us.",
            "Sorry, that shouldn't happen. Send us a DM and we'll sort it out.",
        ],
    },
}


def draw_intents(rng: np.random.Generator, kinds: np.ndarray, needs_reply: np.ndarray, reply: np.ndarray) -> np.ndarray:
    """The text pool of each member action.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator of the texts (not the simulation's).
    kinds : numpy.ndarray of str
        Interaction kinds.
    needs_reply : numpy.ndarray of bool
        Whether the simulation made the item one the library should answer.
    reply : numpy.ndarray of bool
        Whether the comment answers another member.

    Returns
    -------
    numpy.ndarray of str
        ``question``, ``question_plain``, ``request``, ``complaint`` for items
        needing a reply; ``praise``, ``other`` or ``reply`` for the rest
        (``none`` for kinds that carry no text).
    """
    n = len(kinds)
    split = np.array(list(NEEDS_REPLY_SPLIT), dtype=object)
    needy = split[np.searchsorted(np.cumsum(list(NEEDS_REPLY_SPLIT.values())), rng.random(n) * 0.999999, side="right")]
    plain = np.where(rng.random(n) < PRAISE_SHARE, "praise", "other").astype(object)
    texted = np.isin(kinds, ["comment", "mention", "message", "ugc"])
    out = np.where(needs_reply, needy, plain)
    out = np.where(kinds == "ugc", "other", out)
    out = np.where(kinds == "message", np.where(needs_reply, out, "other"), out)
    out = np.where(reply & ~needs_reply, "reply", out)
    return np.where(texted, out, "none").astype(object)


def intent_of(pool: np.ndarray) -> np.ndarray:
    """The intended kind (:data:`INTENTS`) of each text pool name (``None`` where there is no text)."""
    mapping = {"question": "question", "question_plain": "question", "request": "request", "complaint": "complaint",
               "praise": "praise", "other": "other", "reply": "other"}
    return np.array([mapping.get(p) for p in pool], dtype=object)
