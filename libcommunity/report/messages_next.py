"""Texts of the monthly report's "what to do next" section (the recommendations and their rules), in English, Spanish and Swedish.

Merged into :data:`libcommunity.report.messages.MESSAGES` (the texts of the section).
tests/test_report_i18n.py checks every key has all three languages and the
same placeholders.
"""

NEXT_MESSAGES = {
    # ------------------------------------------------------------------ what to do next
    "rec_nothing": {
        "en": "Nothing needs attention this month: keep answering, thanking and inviting.",
        "es": "Nada requiere atención este mes: sigue respondiendo, agradeciendo e invitando.",
        "sv": "Inget kräver uppmärksamhet den här månaden: fortsätt svara, tacka och bjuda in.",
    },
    "rec_missing_month": {
        "en": "Check that the exports of {month} were ingested: the store has no post and no interaction for it.",
        "es": "Comprueba que se importaron las exportaciones de {month}: el almacén no tiene ninguna publicación ni interacción de ese mes.",
        "sv": "Kontrollera att exporterna för {month} har lästs in: lagret har inga inlägg och inga interaktioner för den.",
    },
    "rec_missing_month_why": {
        "en": "Rule: a month without any data is reported as missing, not as a quiet month.",
        "es": "Regla: un mes sin ningún dato se señala como ausente, no como un mes tranquilo.",
        "sv": "Regel: en månad helt utan uppgifter rapporteras som saknad, inte som en lugn månad.",
    },
    "rec_missing_members": {
        "en": "Import per-member data (comments, reactions, followers) through an API capture or canonical CSV: the exports so far hold post totals only.",
        "es": "Importa datos por miembro (comentarios, reacciones, seguidores) mediante una captura por API o un CSV canónico: las exportaciones actuales solo tienen totales por publicación.",
        "sv": "Läs in uppgifter per medlem (kommentarer, reaktioner, följare) via API-insamling eller kanonisk CSV: exporterna hittills innehåller bara totaler per inlägg.",
    },
    "rec_missing_members_why": {
        "en": "Rule: without interactions per member, community, conversation and segments cannot be measured.",
        "es": "Regla: sin interacciones por miembro no se pueden medir la comunidad, la conversación ni los segmentos.",
        "sv": "Regel: utan interaktioner per medlem kan community, samtal och segment inte mätas.",
    },
    "rec_answer_waiting_one": {
        "en": "Answer the {n} question, request, complaint or message that has waited more than {hours} hours{needs} (listed under Conversation).",
        "es": "Responde la {n} pregunta, petición, queja o mensaje que espera desde hace más de {hours} horas{needs} (en Conversación).",
        "sv": "Svara på den {n} fråga, det önskemål, klagomål eller meddelande som väntat i mer än {hours} timmar{needs} (listat under Samtal).",
    },
    "rec_answer_waiting_other": {
        "en": "Answer the {n} questions, requests, complaints and messages waiting more than {hours} hours{needs} (listed under Conversation, complaints first).",
        "es": "Responde las {n} preguntas, peticiones, quejas y mensajes que esperan desde hace más de {hours} horas{needs} (en Conversación, primero las quejas).",
        "sv": "Svara på de {n} frågor, önskemål, klagomål och meddelanden som väntat i mer än {hours} timmar{needs} (listade under Samtal, klagomål först).",
    },
    "rec_answer_waiting_why": {
        "en": "Rule: every question gets an answer; one waiting more than {hours} hours is enough to act.",
        "es": "Regla: toda pregunta merece respuesta; basta con una que espere más de {hours} horas para actuar.",
        "sv": "Regel: varje fråga ska få svar; en enda som väntat mer än {hours} timmar räcker för att agera.",
    },
    "rec_response_rate": {
        "en": "Answer more: {rate} of the {items} questions, requests, complaints and messages that needed an answer got one.",
        "es": "Responde más: solo el {rate} de las {items} preguntas, peticiones, quejas y mensajes que lo necesitaban tuvo respuesta.",
        "sv": "Svara oftare: {rate} av de {items} frågor, önskemål, klagomål och meddelanden som behövde svar fick ett.",
    },
    "rec_response_rate_why": {
        "en": "Rule: response rate below {target}.",
        "es": "Regla: tasa de respuesta inferior al {target}.",
        "sv": "Regel: svarsfrekvens under {target}.",
    },
    "rec_response_time": {
        "en": "Answer faster: half of the answers took longer than {median}.",
        "es": "Responde más rápido: la mitad de las respuestas tardó más de {median}.",
        "sv": "Svara snabbare: hälften av svaren tog längre tid än {median}.",
    },
    "rec_response_time_why": {
        "en": "Rule: median response time above {target}; answer within a day, never in five.",
        "es": "Regla: tiempo mediano de respuesta superior a {target}; responde en un día, nunca en cinco.",
        "sv": "Regel: mediantid till svar över {target}; svara inom en dag, aldrig på fem.",
    },
    "rec_drifting_one": {
        "en": "Get in touch personally with the ambassador or community leader who is drifting away ({n}; listed under Community).",
        "es": "Contacta personalmente con el embajador o referente que se está alejando ({n}; en Comunidad).",
        "sv": "Hör av er personligen till ambassadören eller förgrundsgestalten som är på väg bort ({n}; listad under Community).",
    },
    "rec_drifting_other": {
        "en": "Get in touch personally with the ambassadors and community leaders who are drifting away ({n}; listed under Community).",
        "es": "Contacta personalmente con los embajadores y referentes que se están alejando ({n}; en Comunidad).",
        "sv": "Hör av er personligen till de ambassadörer och förgrundsgestalter som är på väg bort ({n}; listade under Community).",
    },
    "rec_drifting_why": {
        "en": "Rule: anyone who was an ambassador or leader last month and stepped back, left or is probably no longer active.",
        "es": "Regla: cualquiera que fuera embajador o referente el mes pasado y dio un paso atrás, se fue o probablemente ya no esté activo.",
        "sv": "Regel: alla som var ambassadörer eller förgrundsgestalter förra månaden och klivit tillbaka, lämnat eller troligen inte längre är aktiva.",
    },
    "rec_invite_one": {
        "en": "Invite the silent follower who reacted, shared or mentioned the library {min} or more times ({n}) to take the next step: ask their opinion, invite them to an event.",
        "es": "Invita al seguidor silencioso que reaccionó, compartió o mencionó a la biblioteca {min} o más veces ({n}) a dar el siguiente paso: pide su opinión, invítale a una actividad.",
        "sv": "Bjud in den tysta följare som reagerat, delat eller nämnt biblioteket {min} gånger eller fler ({n}) att ta nästa steg: be om en åsikt, bjud in till ett evenemang.",
    },
    "rec_invite_other": {
        "en": "Invite the silent followers who reacted, shared or mentioned the library {min} or more times ({n}) to take the next step: ask their opinion, invite them to an event.",
        "es": "Invita a los seguidores silenciosos que reaccionaron, compartieron o mencionaron a la biblioteca {min} o más veces ({n}) a dar el siguiente paso: pide su opinión, invítales a una actividad.",
        "sv": "Bjud in de tysta följare som reagerat, delat eller nämnt biblioteket {min} gånger eller fler ({n}) att ta nästa steg: be om deras åsikt, bjud in till ett evenemang.",
    },
    "rec_invite_why": {
        "en": "Rule: silent last month, now {min}+ reactions, shares or mentions, but no comment or visit yet.",
        "es": "Regla: en silencio el mes pasado, ahora {min} o más reacciones, compartidos o menciones, pero aún sin comentarios ni visitas.",
        "sv": "Regel: tyst förra månaden, nu {min}+ reaktioner, delningar eller omnämnanden, men ännu ingen kommentar eller besök.",
    },
    "rec_thank_one": {
        "en": "Thank the month's ambassador publicly or in person ({n}; roster under Community).",
        "es": "Agradece al embajador del mes en público o en persona ({n}; lista en Comunidad).",
        "sv": "Tacka månadens ambassadör offentligt eller personligen ({n}; listan under Community).",
    },
    "rec_thank_other": {
        "en": "Thank the month's ambassadors publicly or in person, and invite the most active to co-host something ({n}; roster under Community).",
        "es": "Agradece a los embajadores del mes en público o en persona, e invita a los más activos a organizar algo contigo ({n}; lista en Comunidad).",
        "sv": "Tacka månadens ambassadörer offentligt eller personligen, och bjud in de mest aktiva att vara medvärdar för något ({n}; listan under Community).",
    },
    "rec_thank_why": {
        "en": "Rule: every ambassador of the month is thanked; people who share, mention and create deserve it.",
        "es": "Regla: se agradece a cada embajador del mes; quien comparte, menciona y crea lo merece.",
        "sv": "Regel: varje ambassadör under månaden tackas; den som delar, nämner och skapar förtjänar det.",
    },
    "rec_community_ratio": {
        "en": "Invite conversation, not only followers: {ratio} of followers took part this month. Ten engaged people beat a hundred more followers; ask questions, ask for recommendations.",
        "es": "Busca conversación, no solo seguidores: el {ratio} de los seguidores participó este mes. Diez personas implicadas valen más que cien seguidores más; haz preguntas, pide recomendaciones.",
        "sv": "Bjud in till samtal, inte bara följare: {ratio} av följarna deltog den här månaden. Tio engagerade personer slår hundra fler följare; ställ frågor, be om boktips.",
    },
    "rec_community_ratio_few_one": {
        "en": "Invite conversation, not only followers: {engaged} person took part this month. Ten engaged people beat a hundred more followers; ask questions, ask for recommendations.",
        "es": "Busca conversación, no solo seguidores: {engaged} persona participó este mes. Diez personas implicadas valen más que cien seguidores más; haz preguntas, pide recomendaciones.",
        "sv": "Bjud in till samtal, inte bara följare: {engaged} person deltog den här månaden. Tio engagerade personer slår hundra fler följare; ställ frågor, be om boktips.",
    },
    "rec_community_ratio_few_other": {
        "en": "Invite conversation, not only followers: {engaged} people took part this month. Ten engaged people beat a hundred more followers; ask questions, ask for recommendations.",
        "es": "Busca conversación, no solo seguidores: {engaged} personas participaron este mes. Diez personas implicadas valen más que cien seguidores más; haz preguntas, pide recomendaciones.",
        "sv": "Bjud in till samtal, inte bara följare: {engaged} personer deltog den här månaden. Tio engagerade personer slår hundra fler följare; ställ frågor, be om boktips.",
    },
    "rec_community_ratio_why": {
        "en": "Rule: community ratio below {target} (Nielsen's 90-9-1 expects about one follower in ten to take part).",
        "es": "Regla: ratio de comunidad inferior al {target} (la regla 90-9-1 de Nielsen espera que participe aproximadamente uno de cada diez seguidores).",
        "sv": "Regel: communitykvot under {target} (Nielsens 90-9-1 räknar med att ungefär en av tio följare deltar).",
    },
    "rec_member_talk": {
        "en": "Help members talk to each other: only {share} of the {comments} member comments answered another member. Ask open questions and bring members' answers into the conversation.",
        "es": "Ayuda a que los miembros hablen entre sí: solo el {share} de los {comments} comentarios respondía a otro miembro. Haz preguntas abiertas y da pie a las respuestas de los miembros.",
        "sv": "Hjälp medlemmarna att prata med varandra: bara {share} av de {comments} medlemskommentarerna svarade en annan medlem. Ställ öppna frågor och lyft fram medlemmarnas svar.",
    },
    "rec_member_talk_why": {
        "en": "Rule: member-to-member share below {target}.",
        "es": "Regla: proporción de comentarios entre miembros inferior al {target}.",
        "sv": "Regel: andel kommentarer mellan medlemmar under {target}.",
    },
    "rec_offline_link": {
        "en": "Bring event-goers online: only {share} of the {n} attendees also follow or talk with the account. Mention the account at events and post about them.",
        "es": "Lleva a los asistentes a lo digital: solo el {share} de los {n} asistentes sigue la cuenta o habla con ella. Menciona la cuenta en las actividades y publica sobre ellas.",
        "sv": "Få evenemangsbesökarna till nätet: bara {share} av de {n} deltagarna följer eller pratar med kontot. Nämn kontot på evenemangen och skriv om dem.",
    },
    "rec_offline_link_few_one": {
        "en": "Bring event-goers online: of the {n} attendees, {online} also follows or talks with the account. Mention the account at events and post about them.",
        "es": "Lleva a los asistentes a lo digital: de los {n} asistentes, {online} sigue la cuenta o habla con ella. Menciona la cuenta en las actividades y publica sobre ellas.",
        "sv": "Få evenemangsbesökarna till nätet: av de {n} deltagarna följer eller pratar {online} med kontot. Nämn kontot på evenemangen och skriv om dem.",
    },
    "rec_offline_link_few_other": {
        "en": "Bring event-goers online: of the {n} attendees, {online} also follow or talk with the account. Mention the account at events and post about them.",
        "es": "Lleva a los asistentes a lo digital: de los {n} asistentes, {online} siguen la cuenta o hablan con ella. Menciona la cuenta en las actividades y publica sobre ellas.",
        "sv": "Få evenemangsbesökarna till nätet: av de {n} deltagarna följer eller pratar {online} med kontot. Nämn kontot på evenemangen och skriv om dem.",
    },
    "rec_offline_link_why": {
        "en": "Rule: fewer than {target} of event attendees are online members.",
        "es": "Regla: menos del {target} de los asistentes son miembros en línea.",
        "sv": "Regel: färre än {target} av evenemangsdeltagarna är medlemmar på nätet.",
    },
    "rec_best_kind": {
        "en": "Post more {kind} content: its {posts} posts reached a mean {metric} of {rate}, against {overall} for all posts.",
        "es": "Publica más contenido de tipo {kind}: sus {posts} publicaciones lograron una {metric} media del {rate}, frente al {overall} del conjunto.",
        "sv": "Publicera mer av typen {kind}: dess {posts} inlägg nådde en genomsnittlig {metric} på {rate}, mot {overall} för alla inlägg.",
    },
    "rec_best_kind_why": {
        "en": "Rule: a kind with {min} or more posts that does at least {lift} better than the month's mean.",
        "es": "Regla: un tipo con {min} o más publicaciones que rinde al menos un {lift} más que la media del mes.",
        "sv": "Regel: en typ med {min} eller fler inlägg som gör minst {lift} bättre än månadens genomsnitt.",
    },
    "rec_best_time": {
        "en": "Schedule important posts for {weekday} around {hour}: over the last 12 months a typical post then reached {value} {metric} ({level} interval {low} to {high}; {posts}), above the median post ({median}).",
        "es": "Programa las publicaciones importantes el {weekday} hacia las {hour}: en los últimos 12 meses una publicación típica logró entonces una {metric} de {value} (intervalo del {level}: de {low} a {high}; {posts}), por encima de la publicación mediana ({median}).",
        "sv": "Lägg viktiga inlägg på {weekday} runt kl. {hour}: de senaste 12 månaderna nådde ett typiskt inlägg då {value} {metric} ({level}-intervall {low} till {high}; {posts}), över medianinlägget ({median}).",
    },
    "rec_best_time_why": {
        "en": "Rule: a weekday and hour whose {level} interval lies above the median post of the last 12 months (empirical Bayes: weekdays and hours with few posts are pulled towards the account's overall level).",
        "es": "Regla: un día y hora cuyo intervalo del {level} queda por encima de la publicación mediana de los últimos 12 meses (Bayes empírico: los días y horas con pocas publicaciones se acercan al nivel general de la cuenta).",
        "sv": "Regel: en veckodag och timme vars {level}-intervall ligger över medianinlägget de senaste 12 månaderna (empirisk Bayes: veckodagar och timmar med få inlägg dras mot kontots allmänna nivå).",
    },
    "rec_campaign": {
        "en": "Keep {hashtag} going: members used it {uses} times ({members} members). Thank those who joined in.",
        "es": "Mantén viva {hashtag}: los miembros la usaron {uses} veces ({members} miembros). Agradece a quienes se sumaron.",
        "sv": "Håll liv i {hashtag}: medlemmarna använde den {uses} gånger ({members} medlemmar). Tacka dem som var med.",
    },
    "rec_campaign_few_one": {
        "en": "Keep {hashtag} going: {members} member used it. Thank those who joined in.",
        "es": "Mantén viva {hashtag}: la usó {members} miembro. Agradece a quienes se sumaron.",
        "sv": "Håll liv i {hashtag}: {members} medlem använde den. Tacka dem som var med.",
    },
    "rec_campaign_few_other": {
        "en": "Keep {hashtag} going: {members} members used it. Thank those who joined in.",
        "es": "Mantén viva {hashtag}: la usaron {members} miembros. Agradece a quienes se sumaron.",
        "sv": "Håll liv i {hashtag}: {members} medlemmar använde den. Tacka dem som var med.",
    },
    "rec_campaign_why": {
        "en": "Rule: a hashtag used by {min} or more members in the month.",
        "es": "Regla: una etiqueta usada por {min} o más miembros en el mes.",
        "sv": "Regel: en hashtagg som använts av {min} eller fler medlemmar under månaden.",
    },
    "rec_burst": {
        "en": "Look at what happened on {date} ({n} interactions, usually {usual}) and do more of it.",
        "es": "Mira qué pasó el {date} ({n} interacciones, cuando lo habitual es {usual}) y repítelo.",
        "sv": "Titta på vad som hände {date} ({n} interaktioner, vanligtvis {usual}) och gör mer av det.",
    },
    "rec_burst_why": {
        "en": "Rule: a burst day, far above the {days} days before it (robust z-score above {z}).",
        "es": "Regla: un día de pico, muy por encima de los {days} días anteriores (puntuación z robusta mayor que {z}).",
        "sv": "Regel: en toppdag, långt över de {days} dagarna före (robust z-värde över {z}).",
    },
    "rec_followers_lost": {
        "en": "Find out why people leave: {lost} followers left and {new} joined.",
        "es": "Averigua por qué se va la gente: se fueron {lost} seguidores y llegaron {new}.",
        "sv": "Ta reda på varför folk lämnar: {lost} följare lämnade och {new} tillkom.",
    },
    "rec_followers_lost_why": {
        "en": "Rule: more followers lost than gained, with {min} or more lost.",
        "es": "Regla: más seguidores perdidos que ganados, con {min} o más perdidos.",
        "sv": "Regel: fler förlorade än nya följare, med {min} eller fler förlorade.",
    },
    "rec_follow_back_one": {
        "en": "Do not count on follow-back accounts: {n} follower follows thousands of accounts and never takes part.",
        "es": "No cuentes con las cuentas de «sígueme y te sigo»: {n} seguidor sigue a miles de cuentas y nunca participa.",
        "sv": "Räkna inte med följ-tillbaka-konton: {n} följare följer tusentals konton och deltar aldrig.",
    },
    "rec_follow_back_other": {
        "en": "Do not count on follow-back accounts: {n} followers follow thousands of accounts and never take part. Do not follow back to grow.",
        "es": "No cuentes con las cuentas de «sígueme y te sigo»: {n} seguidores siguen a miles de cuentas y nunca participan. No sigas de vuelta para crecer.",
        "sv": "Räkna inte med följ-tillbaka-konton: {n} följare följer tusentals konton och deltar aldrig. Följ inte tillbaka för att växa.",
    },
    "rec_follow_back_why": {
        "en": "Rule: followers who follow thousands of accounts, ten times as many as follow them, and never take part make up {share} or more of the followers.",
        "es": "Regla: los seguidores que siguen a miles de cuentas, diez veces más de las que les siguen, y nunca participan son el {share} o más de los seguidores.",
        "sv": "Regel: följare som följer tusentals konton, tio gånger fler än som följer dem, och aldrig deltar utgör {share} eller mer av följarna.",
    },
    "rec_no_posts": {
        "en": "Post again: nothing was published this month, and a community needs something to gather around.",
        "es": "Vuelve a publicar: no se publicó nada este mes, y una comunidad necesita algo en torno a lo que reunirse.",
        "sv": "Publicera igen: inget publicerades den här månaden, och en community behöver något att samlas kring.",
    },
    "rec_no_posts_why": {
        "en": "Rule: no post in a month that has other data.",
        "es": "Regla: ninguna publicación en un mes con otros datos.",
        "sv": "Regel: inga inlägg under en månad som har andra uppgifter.",
    },
}
