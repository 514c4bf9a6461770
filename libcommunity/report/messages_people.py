"""Texts about people across platforms and what events do, in English, Spanish and Swedish.

Merged into :data:`libcommunity.report.messages.MESSAGES`; keys start with
``people_`` or ``events_``. tests/test_report_i18n.py checks every key has
all three languages and the same placeholders.
"""

PEOPLE_MESSAGES = {
    # ------------------------------------------------------------------ people
    "people_card_engaged": {"en": "Engaged people", "es": "Personas activas", "sv": "Engagerade personer"},
    "people_card_engaged_detail": {
        "en": "{identities} engaged identities; {linked} identities linked into {people} people",
        "es": "{identities} identidades activas; {linked} identidades vinculadas en {people} personas",
        "sv": "{identities} engagerade identiteter; {linked} identiteter kopplade till {people} personer",
    },
    "people_note": {
        "en": "{linked} identities of this account are linked into {people} people: the same person on several platforms, or on the library's own attendance lists and surveys (libcommunity link). Figures about people count each person once; the other figures count identities, each account, e-mail address or name on a list as its own member.",
        "es": "{linked} identidades de esta cuenta están vinculadas en {people} personas: la misma persona en varias plataformas o en las listas de asistencia y encuestas de la biblioteca (libcommunity link). Las cifras de personas cuentan a cada persona una vez; las demás cuentan identidades: cada cuenta, correo electrónico o nombre en una lista como un miembro aparte.",
        "sv": "{linked} identiteter i kontot är kopplade till {people} personer: samma person på flera plattformar eller på bibliotekets egna deltagarlistor och enkäter (libcommunity link). Siffror om personer räknar varje person en gång; övriga siffror räknar identiteter, varje konto, e-postadress eller namn på en lista som en egen medlem.",
    },
    "people_ladder_title": {"en": "The ladder per person", "es": "La escalera por persona", "sv": "Trappan per person"},
    "people_ladder_text": {
        "en": "Each person stands on the highest step any of their identities reached in {window}: {people} people, {ambassadors} of them ambassadors, {cross} taking part on several platforms.",
        "es": "Cada persona está en el escalón más alto que alcanzó cualquiera de sus identidades en {window}: {people} personas, {ambassadors} de ellas embajadoras, {cross} que participan en varias plataformas.",
        "sv": "Varje person står på det högsta trappsteg någon av deras identiteter nådde under {window}: {people} personer, {ambassadors} av dem ambassadörer, {cross} som deltar på flera plattformar.",
    },
    "people_alt_ladder": {
        "en": "Bar chart of the people on each step of the ladder (the highest step of their identities): {values}.",
        "es": "Gráfico de barras de las personas en cada escalón (el más alto de sus identidades): {values}.",
        "sv": "Stapeldiagram över personerna på varje trappsteg (det högsta av deras identiteter): {values}.",
    },
    "people_ladder_identities": {
        "en": "By identity (each platform account on its own), the steps are: {values}.",
        "es": "Por identidad (cada cuenta de cada plataforma por separado), los escalones son: {values}.",
        "sv": "Per identitet (varje plattformskonto för sig) är trappstegen: {values}.",
    },
    # ------------------------------------------------------------------ what events do
    "events_title": {
        "en": "What the events of {month} were followed by",
        "es": "Qué siguió a las actividades de {month}",
        "sv": "Vad som följde på evenemangen i {month}",
    },
    "events_intro": {
        "en": "Did the people who came to the events of {month} step up the engagement ladder in {after} more often than comparable members who came to no event? Comparable means the same step and activity in {before}, and the same answer to whether they had come to an event then.",
        "es": "¿Subieron en la escalera de participación durante {after} las personas que vinieron a las actividades de {month} más a menudo que miembros comparables que no vinieron a ninguna? Comparables: el mismo escalón y actividad en {before}, y si ya habían venido entonces a alguna actividad.",
        "sv": "Klev de som kom till evenemangen i {month} upp på engagemangstrappan under {after} oftare än jämförbara medlemmar som inte kom till något? Jämförbara betyder samma trappsteg och aktivitet under {before}, och om de redan då hade kommit till ett evenemang.",
    },
    "events_none": {
        "en": "No event attendance was recorded in {month}, so there is nothing to follow up.",
        "es": "No se registró ninguna asistencia en {month}, así que no hay nada que seguir.",
        "sv": "Inga evenemangsbesök registrerades i {month}, så det finns inget att följa upp.",
    },
    "events_incomplete": {
        "en": "The data ends before {after}, the months after the events of {month}: the follow-up is not complete yet.",
        "es": "Los datos terminan antes de {after}, los meses posteriores a las actividades de {month}: el seguimiento aún no está completo.",
        "sv": "Uppgifterna slutar före {after}, månaderna efter evenemangen i {month}: uppföljningen är inte klar än.",
    },
    "events_caption": {
        "en": "People who came, those compared (members before the events), how many stepped up afterwards against comparable members, the difference with its 95 % interval, and the same comparison over the months before the events.",
        "es": "Personas que vinieron, las comparadas (miembros antes de las actividades), cuántas subieron después frente a miembros comparables, la diferencia con su intervalo del 95 % y la misma comparación en los meses anteriores.",
        "sv": "Personer som kom, de som jämförs (medlemmar före evenemangen), hur många som klev upp efteråt mot jämförbara medlemmar, skillnaden med dess 95-procentsintervall och samma jämförelse för månaderna före.",
    },
    "events_all": {"en": "All events of the month", "es": "Todas las actividades del mes", "sv": "Alla evenemang under månaden"},
    "events_col_event": {"en": "Event", "es": "Actividad", "sv": "Evenemang"},
    "events_col_attendees": {"en": "People", "es": "Personas", "sv": "Personer"},
    "events_col_compared": {"en": "Compared", "es": "Comparadas", "sv": "Jämförda"},
    "events_col_stepped_up": {"en": "Stepped up", "es": "Subieron", "sv": "Klev upp"},
    "events_col_comparison": {"en": "Comparable members", "es": "Miembros comparables", "sv": "Jämförbara medlemmar"},
    "events_col_difference": {"en": "Difference (95 % interval)", "es": "Diferencia (intervalo del 95 %)", "sv": "Skillnad (95 % intervall)"},
    "events_col_before": {"en": "Before the events", "es": "Antes de las actividades", "sv": "Före evenemangen"},
    "events_col_verdict": {"en": "What it says", "es": "Qué indica", "sv": "Vad det säger"},
    "events_interval": {"en": "{diff} ({low} to {high})", "es": "{diff} ({low} a {high})", "sv": "{diff} ({low} till {high})"},
    "events_verdict_more": {"en": "attendees stepped up more often", "es": "los asistentes subieron más a menudo", "sv": "deltagarna klev upp oftare"},
    "events_verdict_less": {"en": "attendees stepped up less often", "es": "los asistentes subieron menos a menudo", "sv": "deltagarna klev upp mer sällan"},
    "events_verdict_no_clear_difference": {"en": "no clear difference", "es": "sin diferencia clara", "sv": "ingen tydlig skillnad"},
    "events_verdict_too_few": {"en": "too few people to say", "es": "demasiadas pocas personas para decirlo", "sv": "för få personer för att säga något"},
    "events_verdict_already_before": {
        "en": "the same difference was there before the events",
        "es": "la misma diferencia ya existía antes de las actividades",
        "sv": "samma skillnad fanns redan före evenemangen",
    },
    "events_verdict_follow_up_incomplete": {"en": "follow-up not complete", "es": "seguimiento incompleto", "sv": "uppföljningen är inte klar"},
    "events_limits": {
        "en": "This is a comparison, not proof that the events caused anything: coming to an event shows that someone is involved now, which the months before do not fully capture. When the same difference was there before the events, it says who comes rather than what the events did. With fewer than {k} compared people nothing is said.",
        "es": "Es una comparación, no una prueba de que las actividades causaran nada: venir a una actividad muestra que alguien está implicado ahora, algo que los meses anteriores no recogen del todo. Cuando la misma diferencia ya existía antes, indica quién viene más que lo que hicieron las actividades. Con menos de {k} personas comparadas no se dice nada.",
        "sv": "Det här är en jämförelse, inte ett bevis för att evenemangen orsakade något: att komma till ett evenemang visar att någon är engagerad nu, vilket månaderna innan inte helt fångar. När samma skillnad fanns redan före evenemangen säger den mer om vilka som kommer än om vad evenemangen gjorde. Med färre än {k} jämförda personer sägs ingenting.",
    },
}
