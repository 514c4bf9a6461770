"""Texts of the monthly report's content section (posts, formats, hashtags, timing), in English, Spanish and Swedish.

Merged into :data:`libcommunity.report.messages.MESSAGES` (the texts of the section).
tests/test_report_i18n.py checks every key has all three languages and the
same placeholders.
"""

CONTENT_MESSAGES = {
    # ------------------------------------------------------------------ content
    "posts_none": {"en": "No post was published in {month}.", "es": "No se publicó nada en {month}.", "sv": "Inga inlägg publicerades under {month}."},
    "top_posts_title": {"en": "Top posts", "es": "Publicaciones destacadas", "sv": "Bästa inläggen"},
    "top_posts_caption_one": {
        "en": "The month's {posts} post, with its {metric}.",
        "es": "La {posts} publicación del mes, con su {metric}.",
        "sv": "Månadens {posts} inlägg, med dess {metric}.",
    },
    "top_posts_caption_other": {
        "en": "The {n} best of the month's {posts} posts by {metric}.",
        "es": "Las {n} mejores de las {posts} publicaciones del mes según la {metric}.",
        "sv": "De {n} bästa av månadens {posts} inlägg efter {metric}.",
    },
    "engagement_definition": {
        "en": "Engagements are reactions + comments + shares + saves; the {metric} divides them by {denominator}.",
        "es": "Las interacciones son reacciones + comentarios + compartidos + guardados; la {metric} las divide entre {denominator}.",
        "sv": "Engagemang är reaktioner + kommentarer + delningar + sparningar; {metric} delar dem med {denominator}.",
    },
    "col_date": {"en": "Date", "es": "Fecha", "sv": "Datum"},
    "col_published": {"en": "Published", "es": "Publicada", "sv": "Publicerat"},
    "col_post": {"en": "Post", "es": "Publicación", "sv": "Inlägg"},
    "col_engagements": {"en": "Engagements", "es": "Interacciones", "sv": "Engagemang"},
    "metric_engagement_rate_by_reach": {"en": "engagement rate by reach", "es": "tasa de interacción sobre alcance", "sv": "engagemangsgrad per räckvidd"},
    "metric_engagement_rate_by_viewers": {"en": "engagement rate by viewers", "es": "tasa de interacción sobre espectadores", "sv": "engagemangsgrad per tittare"},
    "metric_engagement_rate_by_impressions": {"en": "engagement rate by impressions", "es": "tasa de interacción sobre impresiones", "sv": "engagemangsgrad per visning"},
    "metric_engagement_rate_by_followers": {"en": "engagement rate by followers", "es": "tasa de interacción sobre seguidores", "sv": "engagemangsgrad per följare"},
    "metric_engagements": {"en": "engagements", "es": "interacciones", "sv": "engagemang"},
    "denominator_engagement_rate_by_reach": {"en": "the post's reach (people who saw it)", "es": "el alcance de la publicación (personas que la vieron)", "sv": "inläggets räckvidd (personer som såg det)"},
    "denominator_engagement_rate_by_viewers": {"en": "the post's viewers (accounts that saw it; Meta's count since 2026, where the export has no reach)", "es": "los espectadores de la publicación (cuentas que la vieron; el recuento de Meta desde 2026, cuando la exportación no trae alcance)", "sv": "inläggets tittare (konton som såg det; Metas räkning sedan 2026, där exporten saknar räckvidd)"},
    "audience_switch_note": {
        "en": "This month's posts are measured partly by reach and partly by viewers (Meta counts viewers instead of reach since 2026): rates by reach before this month and by viewers after it are not the same measure.",
        "es": "Las publicaciones de este mes se miden en parte por alcance y en parte por espectadores (Meta cuenta espectadores en lugar de alcance desde 2026): las tasas sobre alcance de antes y sobre espectadores de después no son la misma medida.",
        "sv": "Månadens inlägg mäts delvis med räckvidd och delvis med tittare (Meta räknar tittare i stället för räckvidd sedan 2026): grader per räckvidd före och per tittare efter denna månad är inte samma mått.",
    },
    "collaboration_mark": {"en": "collaboration ({owner})", "es": "colaboración ({owner})", "sv": "samarbete ({owner})"},
    "denominator_engagement_rate_by_impressions": {"en": "the post's impressions (times it was shown)", "es": "las impresiones de la publicación (veces que se mostró)", "sv": "inläggets visningar (gånger det visades)"},
    "denominator_engagement_rate_by_followers": {"en": "the followers on the day it was published", "es": "los seguidores del día en que se publicó", "sv": "följarna den dag det publicerades"},
    "denominator_engagements": {"en": "nothing (no reach, impressions or followers are known)", "es": "nada (no se conocen alcance, impresiones ni seguidores)", "sv": "ingenting (varken räckvidd, visningar eller följare är kända)"},
    "kind_photo": {"en": "photo", "es": "foto", "sv": "foto"},
    "kind_video": {"en": "video", "es": "vídeo", "sv": "video"},
    "kind_link": {"en": "link", "es": "enlace", "sv": "länk"},
    "kind_text": {"en": "text", "es": "texto", "sv": "text"},
    "kind_event": {"en": "event", "es": "evento", "sv": "evenemang"},
    "kind_reel": {"en": "reel", "es": "reel", "sv": "reel"},
    "kind_story": {"en": "story", "es": "historia", "sv": "berättelse"},
    "kind_other": {"en": "other", "es": "otro", "sv": "annat"},
    "kinds_title": {"en": "Content kinds", "es": "Tipos de contenido", "sv": "Innehållstyper"},
    "kinds_axis": {"en": "mean {metric} per post", "es": "{metric} media por publicación", "sv": "genomsnittlig {metric} per inlägg"},
    "alt_kinds": {
        "en": "Bar chart of the mean {metric} of the month's posts by kind: {values}.",
        "es": "Gráfico de barras de la {metric} media de las publicaciones del mes por tipo: {values}.",
        "sv": "Stapeldiagram över genomsnittlig {metric} för månadens inlägg per typ: {values}.",
    },
    "best_time_title": {"en": "Best time to post", "es": "Mejor momento para publicar", "sv": "Bästa tid att publicera"},
    "time_slot": {"en": "{weekday} {time}", "es": "{weekday} a las {time}", "sv": "{weekday} kl. {time}"},
    "best_time_text": {
        "en": "Best slots (their {level} interval lies above the median post, {median}): {slots}.",
        "es": "Mejores franjas (su intervalo del {level} queda por encima de la publicación mediana, {median}): {slots}.",
        "sv": "Bästa tiderna (deras {level}-intervall ligger över medianinlägget, {median}): {slots}.",
    },
    "best_time_slot": {
        "en": "{slot} ({value}, {low} to {high}; {posts})",
        "es": "{slot} ({value}, de {low} a {high}; {posts})",
        "sv": "{slot} ({value}, {low} till {high}; {posts})",
    },
    "best_time_none": {
        "en": "The data does not single out a best time: over the last 12 months no weekday and hour has its {level} interval above the median post ({median}).",
        "es": "Los datos no señalan un mejor momento: en los últimos 12 meses ningún día y hora tiene su intervalo del {level} por encima de la publicación mediana ({median}).",
        "sv": "Datan pekar inte ut någon bästa tid: de senaste 12 månaderna har ingen veckodag och timme sitt {level}-intervall över medianinlägget ({median}).",
    },
    "best_time_unknown": {
        "en": "The data does not single out a best time: there are too few posts over the last 12 months to compare weekdays and hours.",
        "es": "Los datos no señalan un mejor momento: hay muy pocas publicaciones en los últimos 12 meses para comparar días y horas.",
        "sv": "Datan pekar inte ut någon bästa tid: det finns för få inlägg de senaste 12 månaderna för att jämföra veckodagar och timmar.",
    },
    "best_time_note": {
        "en": "Estimated {metric} of a typical post at each weekday and hour over the last 12 months, in {timezone} time. Weekdays and hours with few posts are pulled towards the account's overall level (empirical Bayes); a slot is named only when its {level} interval lies above the median post.",
        "es": "{metric} estimada de una publicación típica de cada día y hora en los últimos 12 meses, en hora de {timezone}. Los días y horas con pocas publicaciones se acercan al nivel general de la cuenta (Bayes empírico); una franja solo se nombra si su intervalo del {level} queda por encima de la publicación mediana.",
        "sv": "Uppskattad {metric} för ett typiskt inlägg per veckodag och timme de senaste 12 månaderna, i {timezone}-tid. Veckodagar och timmar med få inlägg dras mot kontots allmänna nivå (empirisk Bayes); en tid nämns bara när dess {level}-intervall ligger över medianinlägget.",
    },
    "heatmap_grey": {
        "en": "Grey: fewer than {n} posts at that weekday and hour",
        "es": "Gris: menos de {n} publicaciones en ese día y hora",
        "sv": "Grått: färre än {n} inlägg den veckodagen och timmen",
    },
    "heatmap_grey_none": {
        "en": "Grey: no post at that weekday and hour",
        "es": "Gris: ninguna publicación en ese día y hora",
        "sv": "Grått: inga inlägg den veckodagen och timmen",
    },
    "alt_heatmap": {
        "en": "Heatmap of the {metric} by weekday (rows, Monday first) and hour of publication (columns, {timezone} time). {best}",
        "es": "Mapa de calor de la {metric} por día de la semana (filas, empezando el lunes) y hora de publicación (columnas, hora de {timezone}). {best}",
        "sv": "Värmekarta över {metric} per veckodag (rader, måndag först) och publiceringstimme (kolumner, {timezone}-tid). {best}",
    },
    "hashtags_title": {"en": "Campaigns and hashtags", "es": "Campañas y etiquetas", "sv": "Kampanjer och hashtaggar"},
    "hashtags_caption": {
        "en": "Hashtags of the month: the library's posts using them, the engagements on those posts, and the members who used them in their own texts (how many times).",
        "es": "Etiquetas del mes: publicaciones de la biblioteca que las usan, interacciones en ellas, y miembros que las usaron en sus propios textos (cuántas veces).",
        "sv": "Månadens hashtaggar: bibliotekets inlägg med dem, engagemanget på inläggen, och medlemmarna som använt dem i egna texter (hur många gånger).",
    },
    "hashtags_none": {"en": "No hashtag was used this month.", "es": "No se usó ninguna etiqueta este mes.", "sv": "Inga hashtaggar användes den här månaden."},
    "col_hashtag": {"en": "Hashtag", "es": "Etiqueta", "sv": "Hashtagg"},
    "col_library_posts": {"en": "Our posts", "es": "Nuestras publicaciones", "sv": "Våra inlägg"},
    "col_post_engagements": {"en": "Engagements", "es": "Interacciones", "sv": "Engagemang"},
    "col_members_using": {"en": "Members (uses)", "es": "Miembros (usos)", "sv": "Medlemmar (användningar)"},
    "bursts_title": {"en": "Busy days", "es": "Días de mucha actividad", "sv": "Intensiva dagar"},
    "bursts_none": {
        "en": "No day stood out this month (a burst is a day far above the {days} days before it: robust z-score above {z}).",
        "es": "Ningún día destacó este mes (un pico es un día muy por encima de los {days} anteriores: puntuación z robusta mayor que {z}).",
        "sv": "Ingen dag stack ut den här månaden (en topp är en dag långt över de {days} dagarna före: robust z-värde över {z}).",
    },
    "bursts_caption": {
        "en": "Days with unusually many member interactions, with the post that drew most of them.",
        "es": "Días con muchas más interacciones de miembros de lo habitual, con la publicación que más atrajo.",
        "sv": "Dagar med ovanligt många medlemsinteraktioner, med inlägget som drog flest.",
    },
    "col_interactions": {"en": "Interactions", "es": "Interacciones", "sv": "Interaktioner"},
    "col_usual": {"en": "Usual", "es": "Lo habitual", "sv": "Vanligtvis"},
    "col_top_post": {"en": "Post that drew most", "es": "Publicación con más interacción", "sv": "Inlägget som drog mest"},
    "col_events": {"en": "Event attendances", "es": "Asistencias a actividades", "sv": "Evenemangsbesök"},
    "chart_burst": {"en": "burst day", "es": "día de pico", "sv": "toppdag"},
    "alt_daily": {
        "en": "Bar chart of member interactions per day of {month}: {values}. Burst days: {bursts}.",
        "es": "Gráfico de barras de las interacciones de miembros por día de {month}: {values}. Días de pico: {bursts}.",
        "sv": "Stapeldiagram över medlemsinteraktioner per dag under {month}: {values}. Toppdagar: {bursts}.",
    },
    "content_counters_only": {
        "en": "Post figures come from the platform's counters; without interactions per member, members' hashtags and busy days cannot be shown.",
        "es": "Las cifras de las publicaciones proceden de los contadores de la plataforma; sin interacciones por miembro no se pueden mostrar las etiquetas de los miembros ni los días de pico.",
        "sv": "Inläggens siffror kommer från plattformens räknare; utan interaktioner per medlem kan medlemmarnas hashtaggar och intensiva dagar inte visas.",
    },
}
