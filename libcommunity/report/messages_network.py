"""Texts of the network overview (``notebooks/reports/network_overview.ipynb``), in English, Spanish and Swedish.

Merged into :data:`libcommunity.report.messages.MESSAGES`; every key starts
with ``net_`` so that it cannot shadow a text of the monthly report.
tests/test_report_network.py checks that every key has all three languages
and the same placeholders in each.
"""

NETWORK_MESSAGES = {
    # ------------------------------------------------------------------ page
    "net_contents": {"en": "Contents", "es": "Contenido", "sv": "Innehåll"},
    "net_no_accounts": {
        "en": "No account to show for {month}.",
        "es": "No hay ninguna cuenta que mostrar para {month}.",
        "sv": "Inget konto att visa för {month}.",
    },
    "net_unit_pp": {"en": "{n} pp", "es": "{n} p. p.", "sv": "{n} p.e."},
    # ------------------------------------------------------------------ overview
    "net_overview_title": {"en": "The network this month", "es": "La red este mes", "sv": "Nätverket den här månaden"},
    "net_overview_question": {
        "en": "How large is the community the libraries build together, and is it growing?",
        "es": "¿Qué tamaño tiene la comunidad que las bibliotecas construyen juntas, y crece?",
        "sv": "Hur stor är den community som biblioteken bygger tillsammans, och växer den?",
    },
    "net_card_accounts": {"en": "Accounts", "es": "Cuentas", "sv": "Konton"},
    "net_card_followers": {"en": "Followers", "es": "Seguidores", "sv": "Följare"},
    "net_card_engaged": {"en": "Engaged members", "es": "Miembros activos", "sv": "Engagerade medlemmar"},
    "net_card_ratio": {"en": "Community ratio", "es": "Ratio de comunidad", "sv": "Communitykvot"},
    "net_card_response": {
        "en": "Response rate (needs a reply)",
        "es": "Tasa de respuesta (necesitan respuesta)",
        "sv": "Svarsfrekvens (behöver svar)",
    },
    "net_card_m2m": {
        "en": "Member-to-member replies",
        "es": "Respuestas entre miembros",
        "sv": "Svar mellan medlemmar",
    },
    "net_card_ambassadors": {"en": "Ambassadors", "es": "Embajadores", "sv": "Ambassadörer"},
    "net_card_linked": {"en": "Identities linked into people", "es": "Identidades vinculadas en personas",
                        "sv": "Identiteter kopplade till personer"},
    "net_delta_vs": {"en": "{change} vs {month}", "es": "{change} frente a {month}", "sv": "{change} mot {month}"},
    "net_overview_note": {
        "en": "Totals add up the accounts with data; a person who follows two libraries counts twice.",
        "es": "Los totales suman las cuentas con datos; quien sigue a dos bibliotecas cuenta dos veces.",
        "sv": "Summorna lägger ihop kontona med data; den som följer två bibliotek räknas två gånger.",
    },
    # ------------------------------------------------------------------ league
    "net_league_title": {"en": "League table", "es": "Clasificación", "sv": "Tabell"},
    "net_league_question": {
        "en": "Which libraries turn followers into a community, and which answer their members fast?",
        "es": "¿Qué bibliotecas convierten seguidores en comunidad y cuáles responden rápido a sus miembros?",
        "sv": "Vilka bibliotek gör följare till en community, och vilka svarar sina medlemmar snabbt?",
    },
    "net_league_caption": {
        "en": "Accounts ranked by community ratio (engaged members per follower at the end of {month})",
        "es": "Cuentas ordenadas por ratio de comunidad (miembros activos por seguidor a fin de {month})",
        "sv": "Konton rangordnade efter communitykvot (engagerade medlemmar per följare i slutet av {month})",
    },
    "net_conversation_caption": {
        "en": "Conversation in {month}: accounts ranked by response rate (share of the questions, requests, complaints "
        "and direct messages addressed to the library that it answered)",
        "es": "Conversación en {month}: cuentas ordenadas por tasa de respuesta (proporción de las preguntas, "
        "peticiones, quejas y mensajes directos dirigidos a la biblioteca que respondió)",
        "sv": "Samtal i {month}: konton rangordnade efter svarsfrekvens (andel av frågor, önskemål, klagomål och "
        "direktmeddelanden till biblioteket som det svarade på)",
    },
    "net_col_within_24h": {"en": "Answered within 24 h", "es": "Respondido en 24 h", "sv": "Besvarat inom 24 tim"},
    "net_col_rank": {"en": "Rank", "es": "Puesto", "sv": "Plats"},
    "net_col_account": {"en": "Account", "es": "Cuenta", "sv": "Konto"},
    "net_col_platform": {"en": "Platform", "es": "Plataforma", "sv": "Plattform"},
    "net_col_followers": {"en": "Followers", "es": "Seguidores", "sv": "Följare"},
    "net_col_engaged": {"en": "Engaged members", "es": "Miembros activos", "sv": "Engagerade medlemmar"},
    "net_col_ratio": {"en": "Community ratio", "es": "Ratio de comunidad", "sv": "Communitykvot"},
    "net_col_response_rate": {
        "en": "Response rate (needs a reply)",
        "es": "Tasa de respuesta (necesitan respuesta)",
        "sv": "Svarsfrekvens (behöver svar)",
    },
    "net_col_median_response": {
        "en": "Median response time",
        "es": "Tiempo mediano de respuesta",
        "sv": "Mediansvarstid",
    },
    "net_col_m2m": {
        "en": "Member-to-member share",
        "es": "Proporción entre miembros",
        "sv": "Andel mellan medlemmar",
    },
    "net_col_ambassadors": {"en": "Ambassadors", "es": "Embajadores", "sv": "Ambassadörer"},
    "net_col_people": {"en": "People", "es": "Personas", "sv": "Personer"},
    "net_col_linked": {"en": "Linked identities", "es": "Identidades vinculadas", "sv": "Kopplade identiteter"},
    "net_col_ambassador_people": {"en": "Ambassadors (people)", "es": "Embajadores (personas)", "sv": "Ambassadörer (personer)"},
    "net_col_cross_platform": {"en": "On several platforms", "es": "En varias plataformas", "sv": "På flera plattformar"},
    "net_people_note": {
        "en": "Where an account's identities are linked into people (the same person on several platforms or on the library's own lists), People counts each person once among the members of the last three months, and Ambassadors (people) the people with an identity in the ambassador segment; {accounts} of the accounts have links.",
        "es": "Donde las identidades de una cuenta están vinculadas en personas (la misma persona en varias plataformas o en las listas de la biblioteca), Personas cuenta a cada persona una vez entre los miembros de los últimos tres meses, y Embajadores (personas) a quienes tienen una identidad en el segmento de embajadores; {accounts} de las cuentas tienen vínculos.",
        "sv": "Där ett kontos identiteter är kopplade till personer (samma person på flera plattformar eller på bibliotekets egna listor) räknar Personer varje person en gång bland de senaste tre månadernas medlemmar, och Ambassadörer (personer) de som har en identitet i ambassadörssegmentet; {accounts} av kontona har kopplingar.",
    },
    "net_chart_ratio_alt": {
        "en": "Horizontal bar chart of the community ratio of each account in {month}, highest first: {values}. "
        "Dashed line: the whole network, {network}.",
        "es": "Gráfico de barras horizontales con la ratio de comunidad de cada cuenta en {month}, de mayor a menor: "
        "{values}. Línea discontinua: toda la red, {network}.",
        "sv": "Liggande stapeldiagram över varje kontos communitykvot i {month}, högst först: {values}. "
        "Streckad linje: hela nätverket, {network}.",
    },
    "net_chart_ratio_caption": {
        "en": "Community ratio by account; dashed line: the whole network.",
        "es": "Ratio de comunidad por cuenta; línea discontinua: toda la red.",
        "sv": "Communitykvot per konto; streckad linje: hela nätverket.",
    },
    "net_chart_top": {
        "en": "The chart shows the {shown} highest of {total} accounts; the table lists them all.",
        "es": "El gráfico muestra las {shown} cuentas más altas de {total}; la tabla las recoge todas.",
        "sv": "Diagrammet visar de {shown} högsta av {total} konton; tabellen listar alla.",
    },
    "net_chart_network": {"en": "network", "es": "red", "sv": "nätverket"},
    "net_leaders_title": {"en": "Leaders of the month", "es": "Líderes del mes", "sv": "Månadens ledare"},
    "net_leader_ratio": {
        "en": "Highest community ratio: {account} ({value})",
        "es": "Mayor ratio de comunidad: {account} ({value})",
        "sv": "Högst communitykvot: {account} ({value})",
    },
    "net_leader_engaged": {
        "en": "Most engaged members: {account} ({value})",
        "es": "Más miembros activos: {account} ({value})",
        "sv": "Flest engagerade medlemmar: {account} ({value})",
    },
    "net_leader_response": {
        "en": "Highest response rate: {account} ({value})",
        "es": "Mayor tasa de respuesta: {account} ({value})",
        "sv": "Högst svarsfrekvens: {account} ({value})",
    },
    "net_leader_fastest": {
        "en": "Fastest median response: {account} ({value})",
        "es": "Respuesta mediana más rápida: {account} ({value})",
        "sv": "Snabbast mediansvar: {account} ({value})",
    },
    "net_leader_m2m": {
        "en": "Most conversation between members: {account} ({value} of member comments reply to another member)",
        "es": "Más conversación entre miembros: {account} ({value} de los comentarios responden a otro miembro)",
        "sv": "Mest samtal mellan medlemmar: {account} ({value} av kommentarerna svarar en annan medlem)",
    },
    "net_leader_ambassadors": {
        "en": "Most ambassadors: {account} ({value})",
        "es": "Más embajadores: {account} ({value})",
        "sv": "Flest ambassadörer: {account} ({value})",
    },
    # ------------------------------------------------------------------ attention
    "net_attention_title": {"en": "Needs attention", "es": "Requiere atención", "sv": "Behöver uppmärksamhet"},
    "net_attention_question": {
        "en": "Where should the network coordinator offer help this month?",
        "es": "¿Dónde debería ofrecer ayuda la coordinación de la red este mes?",
        "sv": "Var bör nätverkets samordnare erbjuda hjälp den här månaden?",
    },
    "net_attention_slow": {
        "en": "{account}: half of the answers took longer than {value}; answer within a day.",
        "es": "{account}: la mitad de las respuestas tardó más de {value}; conviene responder en el día.",
        "sv": "{account}: hälften av svaren tog längre tid än {value}; svara inom ett dygn.",
    },
    "net_attention_unanswered": {
        "en": "{account}: the library answered {value} of the questions, requests, complaints and direct messages "
        "addressed to it, its lowest share in 12 months.",
        "es": "{account}: la biblioteca respondió el {value} de las preguntas, peticiones, quejas y mensajes directos "
        "que recibió, su proporción más baja en 12 meses.",
        "sv": "{account}: biblioteket svarade på {value} av frågorna, önskemålen, klagomålen och direktmeddelandena "
        "till det, den lägsta andelen på 12 månader.",
    },
    "net_attention_low": {
        "en": "{account}: community ratio {value}, the lowest of its last 12 months.",
        "es": "{account}: ratio de comunidad {value}, la más baja de sus últimos 12 meses.",
        "sv": "{account}: communitykvot {value}, den lägsta under dess senaste 12 månader.",
    },
    "net_attention_unanswered_n": {
        "en": "{account}: the library answered {value} of the questions, requests, complaints and direct messages "
        "addressed to it, its lowest share in the {n} months with data before.",
        "es": "{account}: la biblioteca respondió el {value} de las preguntas, peticiones, quejas y mensajes directos "
        "que recibió, su proporción más baja en los {n} meses anteriores con datos.",
        "sv": "{account}: biblioteket svarade på {value} av frågorna, önskemålen, klagomålen och direktmeddelandena "
        "till det, den lägsta andelen under de {n} tidigare månaderna med data.",
    },
    "net_attention_low_n": {
        "en": "{account}: community ratio {value}, the lowest of the {n} months with data before.",
        "es": "{account}: ratio de comunidad {value}, la más baja de los {n} meses anteriores con datos.",
        "sv": "{account}: communitykvot {value}, den lägsta under de {n} tidigare månaderna med data.",
    },
    "net_attention_nodata": {
        "en": "{account}: no followers or interactions recorded for {month}; check that its exports were ingested.",
        "es": "{account}: sin seguidores ni interacciones registrados en {month}; compruebe que se cargaron sus exportaciones.",
        "sv": "{account}: inga följare eller interaktioner registrerade för {month}; kontrollera att exporterna lästes in.",
    },
    "net_attention_none": {
        "en": "Nothing stands out: every account answered within a day (median) and none is at a 12-month low.",
        "es": "Nada destaca: todas las cuentas respondieron en el día (mediana) y ninguna está en su mínimo de 12 meses.",
        "sv": "Inget sticker ut: alla konton svarade inom ett dygn (median) och inget är på sin lägsta nivå på 12 månader.",
    },
    # ------------------------------------------------------------------ history
    "net_history_title": {
        "en": "Each library against its own history",
        "es": "Cada biblioteca frente a su propia historia",
        "sv": "Varje bibliotek jämfört med sin egen historik",
    },
    "net_history_question": {
        "en": "Whatever its size, is each library's community stronger than it used to be?",
        "es": "Sea cual sea su tamaño, ¿es la comunidad de cada biblioteca más fuerte que antes?",
        "sv": "Oavsett storlek, är varje biblioteks community starkare än förut?",
    },
    "net_history_caption": {
        "en": "{month} against each account's previous 12 months",
        "es": "{month} frente a los 12 meses anteriores de cada cuenta",
        "sv": "{month} jämfört med varje kontos 12 föregående månader",
    },
    "net_col_median_12": {"en": "12-month median", "es": "Mediana de 12 meses", "sv": "Median 12 månader"},
    "net_col_range_12": {"en": "12-month range", "es": "Rango de 12 meses", "sv": "Spann 12 månader"},
    "net_col_vs_previous": {"en": "vs previous month", "es": "frente al mes anterior", "sv": "mot föregående månad"},
    "net_col_vs_year": {"en": "vs a year before", "es": "frente a un año antes", "sv": "mot ett år tidigare"},
    "net_col_standing": {"en": "Standing", "es": "Situación", "sv": "Läge"},
    "net_standing_high": {"en": "highest in 12 months", "es": "máximo de 12 meses", "sv": "högst på 12 månader"},
    "net_standing_low": {"en": "lowest in 12 months", "es": "mínimo de 12 meses", "sv": "lägst på 12 månader"},
    "net_standing_high_n": {"en": "highest of {n} months with data", "es": "máximo de {n} meses con datos",
                            "sv": "högst av {n} månader med data"},
    "net_standing_low_n": {"en": "lowest of {n} months with data", "es": "mínimo de {n} meses con datos",
                           "sv": "lägst av {n} månader med data"},
    "net_median_months": {"en": "{value} ({n} months with data)", "es": "{value} ({n} meses con datos)",
                          "sv": "{value} ({n} månader med data)"},
    "net_standing_above": {"en": "above its median", "es": "por encima de su mediana", "sv": "över sin median"},
    "net_standing_below": {"en": "below its median", "es": "por debajo de su mediana", "sv": "under sin median"},
    "net_standing_short": {"en": "too little history", "es": "poca historia", "sv": "för kort historik"},
    "net_range": {"en": "{low} to {high}", "es": "de {low} a {high}", "sv": "{low} till {high}"},
    "net_trend_alt": {
        "en": "Line charts, one per account, of the community ratio month by month from {first} to {last}: {values}.",
        "es": "Gráficos de líneas, uno por cuenta, de la ratio de comunidad mes a mes de {first} a {last}: {values}.",
        "sv": "Linjediagram, ett per konto, över communitykvoten månad för månad från {first} till {last}: {values}.",
    },
    "net_trend_alt_item": {
        "en": "{account} from {start} to {end} (median {median})",
        "es": "{account} de {start} a {end} (mediana {median})",
        "sv": "{account} från {start} till {end} (median {median})",
    },
    "net_trend_caption": {
        "en": "Community ratio month by month; dashed line: the account's median of the previous 12 months; dot: {month}.",
        "es": "Ratio de comunidad mes a mes; línea discontinua: mediana de los 12 meses anteriores; punto: {month}.",
        "sv": "Communitykvot månad för månad; streckad linje: kontots median för de 12 föregående månaderna; punkt: {month}.",
    },
    # ------------------------------------------------------------------ method
    "net_method_title": {"en": "How to read this page", "es": "Cómo leer esta página", "sv": "Så läser du sidan"},
    "net_method_ratio": {
        "en": "Community ratio: members who took part in the month (reacted, commented, shared, mentioned, wrote, "
        "created content, came to an event or answered a survey) per follower at the end of the month. "
        "Ten engaged people are worth more than a hundred more followers.",
        "es": "Ratio de comunidad: miembros que participaron en el mes (reaccionaron, comentaron, compartieron, "
        "mencionaron, escribieron, crearon contenido, vinieron a una actividad o respondieron una encuesta) por "
        "seguidor a fin de mes. Diez personas implicadas valen más que cien seguidores más.",
        "sv": "Communitykvot: medlemmar som deltog under månaden (reagerade, kommenterade, delade, nämnde, skrev, "
        "skapade innehåll, kom på ett evenemang eller svarade på en enkät) per följare i slutet av månaden. "
        "Tio engagerade personer är värda mer än hundra fler följare.",
    },
    "net_method_response": {
        "en": "Response rate and time: the questions, requests and complaints addressed to the library (comments, "
        "mentions and messages, read by the library's classifier), every direct message and every item without a text "
        "to read, and whether, and how fast, the library or its staff answered them. Thanks and compliments need no "
        "answer and are not counted.",
        "es": "Tasa y tiempo de respuesta: las preguntas, peticiones y quejas dirigidas a la biblioteca (comentarios, "
        "menciones y mensajes, leídos por el clasificador de la biblioteca), todos los mensajes directos y todo lo "
        "que llega sin texto que leer, y si la biblioteca o su personal los respondió y con qué rapidez. Los "
        "agradecimientos y elogios no necesitan respuesta y no se cuentan.",
        "sv": "Svarsfrekvens och svarstid: frågor, önskemål och klagomål till biblioteket (kommentarer, omnämnanden "
        "och meddelanden, lästa av bibliotekets klassificerare), alla direktmeddelanden och allt som saknar text att "
        "läsa, och om och hur snabbt biblioteket eller personalen svarade. Tack och beröm behöver inget svar och "
        "räknas inte.",
    },
    "net_method_m2m": {
        "en": "Member-to-member share: member comments that reply to another member, a sign that people talk to "
        "each other and not only to the library.",
        "es": "Proporción entre miembros: comentarios que responden a otro miembro, señal de que la gente conversa "
        "entre sí y no solo con la biblioteca.",
        "sv": "Andel mellan medlemmar: kommentarer som svarar en annan medlem, ett tecken på att människor pratar "
        "med varandra och inte bara med biblioteket.",
    },
    "net_method_ambassadors": {
        "en": "Ambassadors: members whose sharing, mentions, own content and conversation over the last three months "
        "put them in the ambassador segment of their library.",
        "es": "Embajadores: miembros cuya difusión, menciones, contenido propio y conversación en los últimos tres "
        "meses los sitúan en el segmento de embajadores de su biblioteca.",
        "sv": "Ambassadörer: medlemmar vars delningar, omnämnanden, eget innehåll och samtal under de senaste tre "
        "månaderna placerar dem i sitt biblioteks ambassadörssegment.",
    },
    "net_method_history": {
        "en": "Own history: each library is compared with its own previous 12 months, so a small village library "
        "and a large city library can both show progress.",
        "es": "Historia propia: cada biblioteca se compara con sus 12 meses anteriores, de modo que una biblioteca "
        "pequeña y una grande pueden mostrar su progreso.",
        "sv": "Egen historik: varje bibliotek jämförs med sina egna 12 föregående månader, så att både ett litet "
        "bybibliotek och ett stort stadsbibliotek kan visa framsteg.",
    },
    "net_method_missing": {
        "en": "A dash (–) means the figure cannot be computed: no follower figures, no item to answer, or no comment.",
        "es": "Un guion (–) indica que la cifra no puede calcularse: sin datos de seguidores, sin mensajes que "
        "responder o sin comentarios.",
        "sv": "Ett streck (–) betyder att talet inte kan beräknas: inga följaruppgifter, inget att svara på eller "
        "inga kommentarer.",
    },
}
