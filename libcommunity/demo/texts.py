"""Texts of the simulated posts, comments, questions and library replies, in es, sv and en.

Member texts follow the intended kind drawn for each item
(:mod:`~libcommunity.demo.member_texts`): questions with a question mark
(and ``¿`` in Spanish) and without one, requests, complaints, praise and
other remarks. Member texts never contain other members' handles.
"""

from __future__ import annotations

import numpy as np

from .member_texts import MEMBER_TEXTS

__all__ = ["TEXTS", "render_posts", "render_member_texts", "render_library_texts", "render_apologies"]

TEXTS = {
    "es": {
        "books": [
            ("Cien años de soledad", "Gabriel García Márquez"),
            ("La casa de los espíritus", "Isabel Allende"),
            ("Nada", "Carmen Laforet"),
            ("Pedro Páramo", "Juan Rulfo"),
            ("Como agua para chocolate", "Laura Esquivel"),
            ("La sombra del viento", "Carlos Ruiz Zafón"),
            ("Rayuela", "Julio Cortázar"),
            ("Patria", "Fernando Aramburu"),
            ("Ficciones", "Jorge Luis Borges"),
            ("La tregua", "Mario Benedetti"),
            ("El infinito en un junco", "Irene Vallejo"),
            ("Manolito Gafotas", "Elvira Lindo"),
            ("Temporada de huracanes", "Fernanda Melchor"),
            ("Las batallas en el desierto", "José Emilio Pacheco"),
            ("Don Quijote de la Mancha", "Miguel de Cervantes"),
        ],
        "events": [
            "club de lectura",
            "cuentacuentos infantil",
            "taller de escritura creativa",
            "presentación de libro",
            "club de lectura fácil",
            "taller de alfabetización digital",
            "tertulia de poesía",
            "hora del cuento en inglés",
        ],
        "weekdays": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        "months": [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "date": "{weekday} {day} de {month}",
        "post": {
            "books": [
                "📚 Novedad en nuestras estanterías: «{title}», de {author}. ¡Ya puedes reservarlo! {tags}",
                "Recomendación de la semana: «{title}» ({author}). ¿Lo has leído? Cuéntanos 👇 {tags}",
                "Hoy recomendamos «{title}», de {author}, una lectura que no te dejará indiferente. {tags}",
            ],
            "event": [
                "🗓️ {Event}: {date} a las {hour}. Entrada libre hasta completar aforo. {tags}",
                "No te pierdas nuestro {event} el {date} ({hour}). Inscripción en el mostrador o en la web. {tags}",
            ],
            "photo": [
                "Así lucen hoy nuestras salas ☀️ {tags}",
                "Nuestro rincón infantil se renueva: cojines nuevos y muchos cuentos 🧸 {tags}",
                "Gracias a todas las personas que vinieron ayer, ¡qué tarde tan bonita! {tags}",
            ],
            "notice": [
                "Recuerda: este sábado abrimos de 10 a 14 h. {tags}",
                "Ya puedes renovar tus préstamos desde la app. {tags}",
                "Wifi gratuito y puestos de estudio disponibles toda la semana. {tags}",
            ],
            "tip": [
                "Un libro, un café y una tarde tranquila. ¿Qué estás leyendo hoy? {tags}",
                "Consejo lector: deja siempre un marcapáginas a mano y un libro en la mochila. {tags}",
            ],
            "summer": [
                "☀️ Arranca nuestro programa de lectura de verano: lee y consigue sellos en tu pasaporte lector. {tags}",
                "Sugerencia para el verano: «{title}», de {author}. {tags}",
            ],
            "fair": [
                "Estaremos en la feria del libro: ven a vernos y descubre las novedades. {tags}",
                "Las lecturas más comentadas de la feria ya están en nuestro catálogo. {tags}",
            ],
            "holiday": [
                "Felices fiestas de parte de todo el equipo de la biblioteca ✨ Los días 24 y 31 cerramos a las 14 h. {tags}"
            ],
            "survey": [
                "Queremos conocer tu opinión: responde a nuestra encuesta de satisfacción (5 minutos). ¡Gracias! {tags}"
            ],
        },
        "topic_tags": {"books": "#Novedades", "event": "#Agenda", "tip": "#FomentoLector", "survey": "#Encuesta"},
        "comment": [
            "¡Qué buena pinta! 😍",
            "Me encantó este libro",
            "Gracias por la recomendación 📚",
            "Lo leí el verano pasado, muy recomendable",
            "¡Allí estaremos!",
            "Mi hija lo adora",
            "Qué bonito ha quedado",
            "Gracias por todo lo que hacéis",
            "Un clásico imprescindible",
            "¡Bravo por la biblioteca!",
            "Ayer fui y me encantó el ambiente",
        ],
        "question": [
            "¿Hasta qué hora abren hoy?",
            "¿Se puede reservar desde la app?",
            "¿Hay que inscribirse para el club de lectura?",
            "¿Lo tienen también en formato electrónico?",
            "¿La actividad es apta para niños de 5 años?",
            "¿Cuándo será la próxima sesión?",
            "¿Abren en agosto?",
            "¿Dónde puedo hacerme el carné?",
            "¿Cuántos libros se pueden llevar a la vez?",
            "¿Es necesario llevar el carné al taller?",
        ],
        "reply": [
            "Totalmente de acuerdo",
            "¡Yo también voy!",
            "A mí me pasó lo mismo",
            "Gracias por el dato",
            "Coincido, es precioso",
            "Nos vemos allí entonces",
        ],
        "mention": [
            "Tarde de estudio en {lib}, ¡qué a gusto se está! 📖",
            "Gracias {lib} por el taller de hoy",
            "Recomiendo muchísimo las actividades de {lib}",
            "Hoy estrenamos carné en {lib}, ¡qué ilusión! 🎉",
        ],
        "mention_question": [
            "{lib} ¿el club de lectura sigue siendo los jueves?",
            "Hola {lib}, ¿aceptan donaciones de libros?",
        ],
        "ugc": [
            "Mi reseña de «{title}» 📖 {tags}",
            "Lo que me llevé hoy de la biblioteca 📚 {tags}",
            "Reto lector: 10 libros este trimestre {tags}",
            "Fotos del club de lectura de ayer {tags}",
        ],
        "message": [
            "Hola, mañana devuelvo el libro que tengo en préstamo.",
            "Buenos días, os dejo mi nuevo teléfono para los avisos de reservas.",
            "Hola, he encontrado un carné en la sala de estudio.",
        ],
        "message_question": [
            "Hola, ¿puedo renovar el préstamo por aquí?",
            "¿Cómo me hago el carné de la biblioteca?",
            "Buenas, ¿tienen servicio de préstamo interbibliotecario?",
            "Hola, ¿cómo me apunto al taller?",
        ],
        "answer": [
            "¡Hola! Abrimos de lunes a viernes de 9 a 21 h y los sábados de 10 a 14 h.",
            "Sí, puedes hacerlo desde la app o en el mostrador. ¡Gracias por escribirnos!",
            "¡Hola! La inscripción es gratuita en el mostrador o en nuestra web.",
            "Te respondemos por mensaje privado con todos los detalles.",
            "¡Claro! Pásate por el mostrador y te ayudamos.",
            "Buena pregunta: sí, lo tenemos en préstamo digital.",
        ],
        "thanks": [
            "¡Gracias por compartirlo! 💛",
            "¡Qué alegría leerte!",
            "¡Gracias a ti por venir!",
            "Nos encanta que lo disfrutes 📚",
        ],
    },
    "sv": {
        "books": [
            ("Pippi Långstrump", "Astrid Lindgren"),
            ("Utvandrarna", "Vilhelm Moberg"),
            ("Doktor Glas", "Hjalmar Söderberg"),
            ("Röda rummet", "August Strindberg"),
            ("Kallocain", "Karin Boye"),
            ("Gösta Berlings saga", "Selma Lagerlöf"),
            ("Nils Holgerssons underbara resa", "Selma Lagerlöf"),
            ("En man som heter Ove", "Fredrik Backman"),
            ("Trollkarlens hatt", "Tove Jansson"),
            ("Vi på Saltkråkan", "Astrid Lindgren"),
            ("Aniara", "Harry Martinson"),
            ("Hundraåringen som klev ut genom fönstret och försvann", "Jonas Jonasson"),
            ("Ronja Rövardotter", "Astrid Lindgren"),
        ],
        "events": [
            "bokcirkel",
            "sagostund",
            "skrivarverkstad",
            "författarsamtal",
            "språkcafé",
            "digital drop-in",
            "lättläst bokcirkel",
            "poesikväll",
        ],
        "weekdays": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
        "months": [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "date": "{weekday} {day} {month}",
        "post": {
            "books": [
                "📚 Nytt på hyllan: ”{title}” av {author}. Reservera ditt exemplar redan idag! {tags}",
                "Veckans boktips: ”{title}” av {author}. Har du läst den? Berätta gärna 👇 {tags}",
                "Idag tipsar vi om ”{title}” av {author} – en bok som stannar kvar länge. {tags}",
            ],
            "event": [
                "🗓️ {Event}: {date} kl. {hour}. Fri entré, begränsat antal platser. {tags}",
                "Välkommen på {event} {date} kl. {hour}. Anmälan i informationsdisken eller på webben. {tags}",
            ],
            "photo": [
                "Så här fint är det hos oss idag ☀️ {tags}",
                "Barnhörnan har fått nya kuddar och nya böcker 🧸 {tags}",
                "Tack till alla som kom igår – vilken kväll! {tags}",
            ],
            "notice": [
                "Kom ihåg: på lördag har vi öppet 10–14. {tags}",
                "Nu kan du låna om dina böcker i appen. {tags}",
                "Gratis wifi och studieplatser hela veckan. {tags}",
            ],
            "tip": [
                "En bok, en kopp kaffe och en lugn eftermiddag. Vad läser du just nu? {tags}",
                "Lästips: ha alltid en bok i väskan och ett bokmärke nära till hands. {tags}",
            ],
            "summer": [
                "☀️ Nu startar sommarens läsutmaning! Läs och samla stämplar i ditt läspass. {tags}",
                "Sommartips: ”{title}” av {author}. {tags}",
            ],
            "fair": [
                "Vi är på bokmässan – kom förbi vår monter och upptäck nyheterna! {tags}",
                "De mest omtalade böckerna från mässan finns nu i katalogen. {tags}",
            ],
            "holiday": [
                "God jul och gott nytt år från alla oss på biblioteket ✨ Julafton och nyårsafton har vi stängt. {tags}"
            ],
            "survey": ["Vad tycker du om biblioteket? Svara på vår enkät (5 minuter). Tack! {tags}"],
        },
        "topic_tags": {"books": "#Boktips", "event": "#Evenemang", "tip": "#Läsglädje", "survey": "#Enkät"},
        "comment": [
            "Vad härligt! 😍",
            "Älskade den boken",
            "Tack för tipset 📚",
            "Läste den i somras, rekommenderas varmt",
            "Vi kommer!",
            "Min dotter älskar den",
            "Så fint det blev",
            "Tack för allt ni gör",
            "En klassiker",
            "Heja biblioteket!",
            "Var där igår, så mysigt",
        ],
        "question": [
            "Hur länge har ni öppet idag?",
            "Går det att reservera i appen?",
            "Måste man anmäla sig till bokcirkeln?",
            "Finns den som e-bok?",
            "Passar sagostunden för femåringar?",
            "När är nästa träff?",
            "Har ni öppet i juli?",
            "Var skaffar jag lånekort?",
            "Hur många böcker får man låna samtidigt?",
            "Behöver man ta med lånekortet till verkstaden?",
        ],
        "reply": ["Håller helt med", "Jag kommer också!", "Samma här", "Tack för tipset", "Ses där då!", "Precis så"],
        "mention": [
            "Mysig studiedag på {lib} 📖",
            "Tack {lib} för dagens verkstad",
            "Rekommenderar verkligen aktiviteterna på {lib}",
            "Nytt lånekort från {lib} idag, så glad 🎉",
        ],
        "mention_question": ["{lib} är bokcirkeln fortfarande på torsdagar?", "Hej {lib}, tar ni emot bokdonationer?"],
        "ugc": [
            "Min recension av ”{title}” 📖 {tags}",
            "Dagens lånetrave 📚 {tags}",
            "Läsutmaning: 10 böcker i höst {tags}",
            "Bilder från gårdagens bokcirkel {tags}",
        ],
        "message": [
            "Hej, jag lämnar tillbaka boken jag lånat i morgon.",
            "Hej, här är mitt nya nummer för reservationsaviseringar.",
            "Hej, jag hittade ett lånekort i läsesalen.",
        ],
        "message_question": [
            "Hej, kan jag låna om här?",
            "Hur skaffar jag lånekort?",
            "Hej, har ni fjärrlån?",
            "Hej, hur anmäler jag mig till verkstaden?",
        ],
        "answer": [
            "Hej! Vi har öppet måndag–fredag 9–20 och lördag 10–14.",
            "Ja, det går bra i appen eller i informationsdisken. Tack för att du hör av dig!",
            "Hej! Anmälan är gratis i disken eller på vår webb.",
            "Vi svarar dig i ett privat meddelande med alla detaljer.",
            "Absolut! Kom förbi disken så hjälper vi dig.",
            "Bra fråga: ja, den finns som e-bok.",
        ],
        "thanks": [
            "Tack för att du delar! 💛",
            "Vad roligt att höra!",
            "Tack själv för att du kom!",
            "Så kul att du gillar det 📚",
        ],
    },
    "en": {
        "books": [
            ("Pride and Prejudice", "Jane Austen"),
            ("Middlemarch", "George Eliot"),
            ("The Secret Garden", "Frances Hodgson Burnett"),
            ("Jane Eyre", "Charlotte Brontë"),
            ("Frankenstein", "Mary Shelley"),
            ("Little Women", "Louisa May Alcott"),
            ("The Great Gatsby", "F. Scott Fitzgerald"),
            ("Beloved", "Toni Morrison"),
            ("Wolf Hall", "Hilary Mantel"),
            ("The Hobbit", "J. R. R. Tolkien"),
            ("Things Fall Apart", "Chinua Achebe"),
            ("Their Eyes Were Watching God", "Zora Neale Hurston"),
            ("Braiding Sweetgrass", "Robin Wall Kimmerer"),
        ],
        "events": [
            "book club",
            "storytime",
            "creative writing workshop",
            "author talk",
            "research skills workshop",
            "knit and natter reading circle",
            "citation clinic",
            "digital help drop-in",
        ],
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "date": "{weekday} {day} {month}",
        "post": {
            "books": [
                "📚 New on our shelves: {title} by {author}. Reserve your copy today! {tags}",
                "Book of the week: {title} by {author}. Have you read it? Tell us 👇 {tags}",
                "Today we recommend {title} by {author}, a read that stays with you. {tags}",
            ],
            "event": [
                "🗓️ {Event}: {date} at {hour}. Free, places are limited. {tags}",
                "Join our {event} on {date} ({hour}). Sign up at the front desk or online. {tags}",
            ],
            "photo": [
                "The reading room looks lovely today ☀️ {tags}",
                "Our children's corner has new cushions and lots of new picture books 🧸 {tags}",
                "Thank you to everyone who came yesterday, what an evening! {tags}",
            ],
            "notice": [
                "Reminder: this Saturday we are open 10am to 2pm. {tags}",
                "You can now renew your loans in the app. {tags}",
                "Free wifi and study spaces all week. {tags}",
            ],
            "tip": [
                "A book, a cup of tea and a quiet afternoon. What are you reading today? {tags}",
                "Reading tip: always keep a book in your bag and a bookmark close at hand. {tags}",
            ],
            "summer": [
                "☀️ Our summer reading challenge starts today! Read and collect stickers on your reading card. {tags}",
                "Summer pick: {title} by {author}. {tags}",
            ],
            "fair": [
                "Come and find us at the book fair: new titles, second-hand bargains and friendly faces. {tags}",
                "The most talked-about books of the fair are now in our catalogue. {tags}",
            ],
            "holiday": ["Happy holidays from everyone at the library ✨ We close early on 24 and 31 December. {tags}"],
            "survey": ["Tell us what you think: take our 5-minute library survey. Thank you! {tags}"],
        },
        "topic_tags": {
            "books": "#NewBooks",
            "event": "#LibraryEvents",
            "tip": "#ReadingForPleasure",
            "survey": "#LibrarySurvey",
        },
        "comment": [
            "Looks great! 😍",
            "Loved this book",
            "Thanks for the recommendation 📚",
            "Read it last summer, highly recommend",
            "We'll be there!",
            "My daughter adores it",
            "It looks so nice",
            "Thank you for everything you do",
            "A true classic",
            "Well done, library!",
            "Went yesterday and loved the atmosphere",
        ],
        "question": [
            "What time do you close today?",
            "Can I reserve it through the app?",
            "Do I need to sign up for the book club?",
            "Is it available as an ebook?",
            "Is storytime suitable for 5 year olds?",
            "When is the next session?",
            "Are you open over the holidays?",
            "Where can I get a library card?",
            "How many books can I borrow at once?",
            "Do I need my card for the workshop?",
        ],
        "reply": [
            "Totally agree",
            "I'm going too!",
            "Same here",
            "Thanks for the tip",
            "See you there then",
            "Exactly this",
        ],
        "mention": [
            "Lovely study day at {lib} 📖",
            "Thanks {lib} for today's workshop",
            "Can't recommend the events at {lib} enough",
            "New library card from {lib} today, so happy 🎉",
        ],
        "mention_question": ["{lib} is the book club still on Thursdays?", "Hi {lib}, do you take book donations?"],
        "ugc": [
            "My review of {title} 📖 {tags}",
            "Today's library haul 📚 {tags}",
            "Reading challenge: 10 books this term {tags}",
            "Photos from last night's book club {tags}",
        ],
        "message": [
            "Hi, I'll bring back the book I borrowed tomorrow.",
            "Hello, here is my new number for reservation notices.",
            "Hi, I found a library card in the study room.",
        ],
        "message_question": [
            "Hi, can I renew my loan here?",
            "How do I get a library card?",
            "Hello, do you offer interlibrary loans?",
            "Hi, how do I sign up for the workshop?",
        ],
        "answer": [
            "Hi! We're open Monday to Friday 9am-8pm and Saturday 10am-2pm.",
            "Yes, you can do that in the app or at the front desk. Thanks for asking!",
            "Hi! Signing up is free at the front desk or on our website.",
            "We've sent you a direct message with all the details.",
            "Of course! Pop by the front desk and we'll help you.",
            "Good question: yes, it's available as an ebook.",
        ],
        "thanks": [
            "Thanks for sharing! 💛",
            "So lovely to hear!",
            "Thank you for coming!",
            "We're so glad you enjoyed it 📚",
        ],
    },
}


def _pick(rng: np.random.Generator, options, n: int) -> np.ndarray:
    """Indices into ``options`` for ``n`` texts."""
    return rng.integers(0, len(options), size=n)


def _hour(lang: str, seconds: int) -> str:
    """A local clock time as a library would write it."""
    h, m = divmod(int(seconds) // 60, 60)
    if lang == "en":
        suffix = "pm" if h >= 12 else "am"
        h12 = h - 12 if h > 12 else h
        return f"{h12}:{m:02d} {suffix}" if m else f"{h12} {suffix}"
    return f"{h}.{m:02d}" if lang == "sv" else f"{h}:{m:02d}"


def _date(t: dict, local: int, us_style: bool) -> str:
    """A local date such as ``jueves 12 de marzo`` or ``Thursday, March 12``."""
    d = np.datetime64(int(local), "s").astype("datetime64[D]")
    day = int((d - d.astype("datetime64[M]")).astype(int)) + 1
    weekday = t["weekdays"][int((d.astype("int64") + 3) % 7)]
    month = t["months"][int(d.astype("datetime64[M]").astype(int) % 12)]
    if us_style:
        return f"{weekday}, {month} {day}"
    return t["date"].format(weekday=weekday, day=day, month=month)


def render_posts(
    rng, lang: str, topics: np.ndarray, tags: np.ndarray, event_local: np.ndarray, us_style: bool
) -> np.ndarray:
    """Texts of library posts.

    Parameters
    ----------
    rng : numpy.random.Generator
    lang : str
    topics : numpy.ndarray of str
        One of the keys of ``TEXTS[lang]["post"]`` per post.
    tags : numpy.ndarray of str
        The hashtags closing each post.
    event_local : numpy.ndarray of int
        Naive local seconds of each post's event (ignored for other topics).
    us_style : bool
        Write dates the US way (``Thursday, March 12``).
    """
    t = TEXTS[lang]
    books = _pick(rng, t["books"], len(topics))
    events = _pick(rng, t["events"], len(topics))
    variants = rng.integers(0, 1_000, size=len(topics))
    out = []
    for topic, tag, when, b, e, v in zip(topics, tags, event_local, books, events, variants):
        templates = t["post"][topic]
        title, author = t["books"][b]
        event = t["events"][e]
        is_event = topic == "event"
        out.append(
            templates[v % len(templates)].format(
                title=title,
                author=author,
                event=event,
                Event=event[:1].upper() + event[1:],
                date=_date(t, when, us_style) if is_event else "",
                hour=_hour(lang, when % 86_400) if is_event else "",
                tags=tag,
            )
        )
    return np.array(out, dtype=object)


def render_member_texts(rng, lang: str, kinds: np.ndarray, pools: np.ndarray, lib: str, tags: np.ndarray) -> np.ndarray:
    """Texts of member interactions; None where the kind carries no text.

    Parameters
    ----------
    kinds : numpy.ndarray of str
        Interaction kinds.
    pools : numpy.ndarray of str
        The text pool of each item, from :func:`~libcommunity.demo.member_texts.draw_intents`.
    lib : str
        How members mention the library (its handle).
    tags : numpy.ndarray of str
        Hashtags members add to their own content.
    """
    t = TEXTS[lang] | MEMBER_TEXTS[lang]
    prefixed = {p: [f"{{lib}} {s[:1].lower()}{s[1:]}" for s in t[p]] for p in ("question_plain", "request", "complaint")}
    pick = {
        ("comment", "question"): t["question"],
        ("mention", "question"): t["mention_question"],
        ("message", "question"): t["message_question"],
        ("comment", "praise"): t["comment"],
        ("comment", "other"): t["comment_other"],
        ("comment", "reply"): t["reply"],
        ("mention", "praise"): t["mention"],
        ("mention", "other"): t["mention"],
        ("message", "other"): t["message"],
        ("ugc", "other"): t["ugc"],
    }
    for p in ("question_plain", "request", "complaint"):
        pick[("comment", p)] = pick[("message", p)] = t[p]
        pick[("mention", p)] = prefixed[p]
    variants = rng.integers(0, 10_000, size=len(kinds))
    books = _pick(rng, t["books"], len(kinds))
    out = []
    for kind, pool_name, v, b, tag in zip(kinds, pools, variants, books, tags):
        pool = pick.get((kind, pool_name))
        if pool is None:
            out.append(None)
            continue
        out.append(pool[v % len(pool)].format(lib=lib, title=t["books"][b][0], tags=tag))
    return np.array(out, dtype=object)


def render_apologies(rng, lang: str, n: int) -> np.ndarray:
    """Library replies to complaints: an apology and a next step."""
    pool = MEMBER_TEXTS[lang]["apology"]
    return np.array(pool, dtype=object)[_pick(rng, pool, n)]


def render_library_texts(rng, lang: str, answers: np.ndarray) -> np.ndarray:
    """Texts of the library's replies: answers to questions, thanks otherwise."""
    t = TEXTS[lang]
    a = np.array(t["answer"], dtype=object)[_pick(rng, t["answer"], len(answers))]
    k = np.array(t["thanks"], dtype=object)[_pick(rng, t["thanks"], len(answers))]
    return np.where(answers, a, k)
