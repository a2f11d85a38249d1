"""Spanish and English cue words. Folded (lower-case, no accents); ``*`` = any ending."""

import re

from .text import lexicon

POSITIVE = lexicon(
    # es
    "gracias", "genial", "excelente", "perfect*", "encant*", "amabl*", "maravill*", "feliz", "felices",
    "content*", "me hizo el dia", "recomiendo", "buenisim*", "increible", "me trata bien", "por fin",
    "por primera vez", "lo mejor que", "super amable", "ha mejorado", "mejorado", "ahora si", "crack*",
    "paciencia infinita", "no puedo dejar de", "me ayudo", "me ayudaron", "ayudo a", "un saludo", "guapisim*",
    "precios*", "divin*", "top", "10/10", "chulis*", "fan", "ame", "amo", "volveria", "bien atendid*",
    # en
    "love", "loved", "loving", "brilliant", "great", "amazing", "awesome", "lovely", "happy", "thank*",
    "spot on", "elite", "vibe", "obsessed", "best", "perfect", "excellent", "fantastic", "favourite",
    "favorite", "sorted", "beautiful", "grinning", "kind", "helpful", "shoutout", "shout out", "10/10",
    "wonderful", "legend*", "impressed", "smooth", "recommend", "happy tears", "made my day", "survived",
    "well done", "cute", "finally", "held my hand", "no complaints",
    # es, general
    "mil gracias", "muchas gracias", "estupend*", "fenomenal", "magnific*", "espectacular", "brutal",
    "me flipa", "flipante", "riquisim*", "delicios*", "impecable", "cracks", "lo mas", "recomendable",
    "felicidad", "encantad*", "satisfech*", "agradecid*", "atentos", "atenta", "atento", "simpatic*",
    "profesionales", "rapidisim*", "eficaz", "eficiente*", "solucionad*", "resuelto", "arreglad*", "de 10",
    "de diez", "chulo", "chula", "bonit*", "guapa", "guapo", "ideal", "me salvaste", "me salvo", "un lujo",
    "gozada", "que pasada", "una pasada", "bravo", "enhorabuena", "felicidades", "orgullos*", "adicta",
    "adicto", "enamorad*", "me gusta", "me gusto", "me gustan", "buen servicio", "buena atencion",
    "muy bien", "todo bien", "todo perfecto", "sin problemas", "volvere", "repetire", "repetiria",
    # en, general
    "superb", "outstanding", "incredible", "gorgeous", "stunning", "delicious", "tasty", "yummy", "fab",
    "fabulous", "nice", "better than", "fave", "glad", "pleased", "delighted", "thrilled", "excited",
    "grateful", "thankful", "cheers", "kudos", "props to", "highly recommend", "impressive", "seamless",
    "friendly", "polite", "resolved", "fixed it", "solved", "lifesaver", "life saver", "hero", "gem",
    "in love", "5 stars", "five stars", "worth it", "nailed it", "on point", "chef's kiss", "slaps", "goat",
    "good job", "good service", "so good", "really good", "very good", "love it", "love this", "loving it",
    "can't wait", "best ever", "top notch", "a dream", "the best", "so happy", "so pleased",
    "☺", "😀", "😃", "😄", "😁", "🎉", "🥳", "👌", "👍", "💖", "💗", "💜", "💚", "💙", "🧡", "😎", "🫶", "💪",
    "no notes", "💅", "aguanta", "is fire", "so fire", "🔥", "chido", "chida", "chidisim*", "guay",
    "mola", "molan", "bestial", "de lujo", "una joya", "re bien", "lit", "slay", "slays", "bussin", "goated", "long lasting", "long-lasting", "sin dramas", "ni una pega", "sin pelear",
    "no regrets", "no complaints", "sin quejas", "hassle free", "hassle-free", "recomendad*", "recommended",
    "exito", "exitazo", "success", "gente buena", "buena gente", "no questions asked", "sin preguntas",
    "sin poner pegas", "that's how you", "asi se hace", "faith restored", "fe restaurada", "gent", "gentleman",
    "absolute star", "a star", "un sol", "un angel", "vale oro", "valen oro", "pago menos", "pagar menos",
    "pagamos menos", "pay less", "paying less", "cheaper than", "mas barato", "me soluciono", "me solucionaron",
    "me resolvio", "me resolvieron", "saved my", "saved the day", "me salvaron", "bien ahi", "heroes", "heroe*", "aplaud*", "applaud*",
    "aplausos", "🤍", "🖤", "💛", "🤎", "💓", "💞", "💘", "💝",
    # emoji
    "😍", "🥰", "😊", "🙌", "✨", "🥹", "❤", "💕", "👏", "😂", "🤩", "💯", "🙏", "💄", "🤞", "☕", "🥐",
)

NEGATIVE = lexicon(
    # es
    "mal", "malo", "mala", "peor", "pesim*", "horrible", "fatal", "verguenza", "indignad*", "hart*",
    "cansad*", "queja*", "reclam*", "estaf*", "robo", "robar*", "roto", "rota", "rompi*", "rompe*",
    "averia", "falla*", "fallo", "esta caido", "caida", "se cayo", "no funciona", "no anda", "bloquea*", "suspend*",
    "cobro doble", "dos veces", "no es la primera vez", "not the first time", "levanto la voz", "me grito",
    "me ire a otr*", "me voy a otr*", "me cambio de", "i'll leave", "i'm leaving", "switching to", "les pido por favor", "de mas", "nunca", "ni idea", "nadie", "en espera", "retraso*", "perdi*",
    "pierde", "no ha llegado", "no llega", "no llego", "urgente", "exijo", "otra vez", "tercer dia",
    "problema*", "error*", "mentira*", "engan*", "colaps*", "panico", "gravisim*", "grave", "peligr*",
    "denunci*", "boicot", "asi no se puede", "burocracia", "no lo repetiria", "no operamos", "cargado",
    "odio", "sin senal", "sin cobertura", "sin datos", "sin fibra", "sin servicio", "sin internet",
    "sin luz", "jamas", "decepcion*", "lamentable", "vergonzos*", "ridicul*", "abus*",
    "no puedo", "no me deja", "no me dejaba", "tarde", "pagando de mas", "cobrasteis", "me cobraron",
    "ladron*", "basura", "porqueria", "desastre", "cutre",
    "peor aun", "humo", "no contestan", "no responden", "ignoran", "💔", "😡", "🤬", "😤", "😠", "🙃",
    "👎", "😢", "😭", "🤡", "😒", "😬", "😞", "😩", "😫", "🤦", "😑", "😔", "😕", "☹", "😖", "😣", "🤮",
    # es, general
    "no sirve", "no vale", "no responde*", "no contesta*", "no atiende*", "no hay manera", "sin respuesta",
    "sin solucion", "nadie me", "ninguna solucion", "esperando", "me colgaron", "me cuelgan", "cortaron",
    "se corta", "cortes", "lento", "lenta", "lentisim*", "carisim*", "abusiv*", "penaliz*", "multa*",
    "incorrect*", "equivocad*", "mienten", "timo", "timad*", "sinverguenza*", "incompetent*", "inutil*",
    "desastros*", "penoso", "penosa", "patetic*", "lamentabl*", "indignante", "inaceptable", "intolerable",
    "inadmisible", "impresentable", "cabread*", "enfadad*", "molest*", "frustra*", "triste", "hasta las narices",
    "hasta el gorro", "ya esta bien", "que asco", "asco", "asqueros*", "sucio", "sucia", "cancelad*",
    "cancelaron", "retrasad*", "perdieron", "extraviad*", "danad*", "defectuos*", "averiad*", "estropead*",
    "no enciende", "no carga", "no conecta", "no ha venido", "no vino", "no aparece*", "dejaron tirad*",
    "tirad*", "abandonad*", "ignorad*", "ni caso", "pasan de", "nunca mas", "me arrepiento", "arrepentid*",
    "no lo recomiendo", "no recomiendo", "evitad", "eviten", "cuidado con", "alerta", "flipando",
    "alucinando", "es increible que", "como es posible", "no es normal", "no es de recibo", "una pena",
    "lastima", "malisim*", "horroros*", "terrible", "caos", "quejas", "incidencia", "fraude", "mentira",
    "no me han", "no me ha", "todavia no", "aun no", "sigo sin", "seguimos sin", "sin noticias", "ojala",
    "estafadores", "ruido", "rayad*", "fria", "frio", "quemado", "ni una", "injust*", "cobrado", "cobran",
    # en, general
    "still no", "still not", "not received", "never arrived", "never received", "hasn't arrived",
    "haven't received", "didn't arrive", "no response", "no answer", "on hold", "waited", "delayed",
    "overbooked", "damaged", "faulty", "defective", "leaking", "wrong", "incorrect", "charged twice",
    "double charged", "hidden fees", "rip off", "ripoff", "lies", "lied", "misleading", "false advertising",
    "pathetic", "appalling", "shocking", "disgraceful", "gross", "filthy", "dirty", "unhelpful",
    "incompetent", "nightmare", "horrendous", "atrocious", "abysmal", "dreadful", "poor", "poorly", "sucks",
    "crap", "shit", "wtf", "ffs", "smh", "ugh", "fed up", "sick of", "upset", "livid", "fuming", "gutted",
    "sad", "never again", "avoid", "beware", "regret*", "unfollow*", "complain*", "hours on", "no way",
    "not impressed", "let down", "let me down", "rubbish", "stale", "slow", "worst ever",
    "ridiculous", "insane", "absurd", "unbelievable", "seriously", "come on", "how hard", "why is it so",
    "lukewarm", "tibio", "sighed", "well spent", "paying double", "pagar el doble", "pagando el doble",
    "same thing happened", "me paso lo mismo", "a mi tambien me paso", "falta", "faltaba", "faltan",
    "smash*", "destroz*", "tragado", "swallowed", "no me funciona", "doesn't work", "caducad*", "expired",
    "kafka*", "tercera vez", "third time", "otra vez", "once again",
    "mid", "trash", "cringe", "scared", "terrified", "asustad*", "miedo", "crash*", "keeps crashing", "freez*", "se cuelga", "se colgo", "se cierra sola",
    "no abre", "won't open", "meh", "chafa", "una mierda", "de mierda", "choto", "trucho", "que bronca",
    "me tienen podrid*", "me tienen hart*", "de terror", "un robo", "vaya tela", "mal servicio",
    "nothing loads", "won't load", "doesn't load", "no carga nada", "black screen", "pantalla negra",
    "blank screen", "pantalla en blanco", "has been blank", "buffering", "buffered", "se traba", "completely dead",
    "totally dead", "is dead", "went dead", "esta muerto", "esta muerta", "se murio", "isn't answering",
    "not answering", "won't answer", "no contesta", "reinstal*", "restarted", "rebooted", "reinicie",
    "de un lado a otro", "de ventanilla en ventanilla", "cada una a la otra", "se pasan la pelota",
    "pillar to post", "back and forth", "round in circles", "en circulos", "runaround", "run around",
    "queued", "queueing", "queuing", "haciendo cola", "haciendo fila", "la cola daba", "una sola persona atendiendo",
    "una sola caja", "only one till", "one till open", "round the block", "para esto", "thanks a lot",
    "ya no se puede", "no se puede ni", "sin agua", "sin gas", "sin corriente", "apagon", "without internet",
    "without power",
    "ni un aviso", "ni un mensaje", "sin aviso", "sin avisar", "without warning", "no warning", "me cobra",
    "veces la misma", "times for the same", "en negativo", "overdrawn", "without consent", "sin consentimiento",
    "sin su consentimiento", "by now", "a estas alturas", "why is it still", "why is this still",
    "un chiste", "de chiste", "una broma", "de broma", "es de risa", "payasos", "agotador*", "exhausting",
    "no sabia nada", "no sabian nada", "nadie sabia", "nobody knew", "no one knew", "didn't know anything",
    "nothing here", "de menos", "short changed",
    "shortchanged", "took the day off", "took a day off", "pedi el dia", "me pedi el dia", "para nada",
    "for nothing", "marked delivered", "marked as delivered", "says delivered", "shows delivered",
    "dice entregado", "pone entregado", "aparece como entregado", "marcado como entregado",

    # en
    "bad", "worst", "terrible", "awful", "horrible", "hate", "broken", "broke", "outage",
    # "down" of a service, not "got down", "calm down", "down the road"
    "is down", "are down", "was down", "went down", "been down", "goes down", "still down", "down again",
    "down across", "down since", "down for", "down in", "down all", "down everywhere", "all down", "down ?",
    "declined", "stuck", "never", "no reply", "no tracking", "overcharg*", "chargeback", "not ok",
    "nobody", "can't", "cannot", "won't", "tired", "mess", "scam*", "fraud*", "late", "delay*", "lost",
    "missing", "wasn't there", "not a good look", "disappoint*", "annoy*", "ridiculous", "unacceptable",
    "angry", "furious", "fail*", "problem*", "issue", "again", "suspended", "please help", "help please", "need help", "someone help", "help !", "irritation",
    "not cute", "tripled", "panic", "useless", "rubbish", "joke", "waste", "gone", "rude",
    "ignored", "ignoring", "still waiting", "never came", "didn't", "doesn't work", "not working",
    "stopped working", "cancelled", "canceled", "dangerous", "unsafe", "terrifying", "disgust*",
    "shame*", "no one", "following up", "any news", "any update", "days since", "seguimos esperando",
    "sigo esperando", "alguna novedad", "ninguna respuesta", "not happy", "worse", "expensive",
)

# Politeness, not praise, inside a question or a request ("thanks in advance", "gracias").
POLITE = lexicon(
    "gracias", "muchas gracias", "mil gracias", "thanks", "thank you", "thank*", "thx", "cheers", "un saludo",
    "saludos", "please", "por favor", "amablemente", "atentamente", "lovely", "have a nice day", "have a lovely day", "buen dia", "de antemano",
    "in advance", "🙏",
)

# Praise used to mock: positive words in an otherwise bad situation.
SARCASM = lexicon(
    "🙃", "🙄", "gracias por nada", "muy autentico", "10/10 no", "love paying", "amazing work", "great job",
    "thanks for nothing", "lo mejor de", "genial, otra vez", "como siempre", "as always", "what a joke",
    "clap clap", "👏👏", "por ayudarme a", "for helping me", "te da tiempo", "gives you time",
    "love how", "love that", "nothing says", "thanks a lot", "nada como", "gotta hand it to", "got to hand it to",
    "have to hand it to", "hay que reconocer", "que bonito", "gracias por tanto", "thanks so much for",
)

# Something of the brand's is failing, broken, late or wrong: makes praise sarcastic.
PROBLEM = lexicon(
    "sin senal", "sin cobertura", "sin datos", "sin fibra", "sin servicio", "sin internet", "sin luz",
    "sin respuesta", "otra vez", "de nuevo", "tercer*", "cuarta vez", "dormir en el piso", "en espera",
    "no funciona", "no anda", "se cayo", "caido", "roto", "rota", "no llego", "no ha llegado",
    "is down", "are down", "was down", "went down", "been down", "goes down", "still down", "down again",
    "down across", "down since", "down for", "down in", "down all", "down everywhere", "all down", "down ?", "again", "third time", "no signal", "outage", "not working", "broken", "all day", "'e'",
    "cancelled", "delayed", "no repetiria", "charged me", "me cobraron", "me cobran", "me cobrasteis",
)

NEGATORS = lexicon("no", "not", "never", "nunca", "ni", "isn't", "wasn't", "don't", "didn't", "doesn't", "tampoco")

# Crisis language, by kind. Each hit is a reason shown to agents.
CRISIS = {
    "safety": lexicon(
        # Kept literal: "this lipstick is fire", "café quemado" and "a tu salud" are not emergencies.
        "fuego", "se prendio fuego", "incendi*", "explot*", "quemadura*", "me quemo", "me he quemado",
        "humo toxico", "herid*", "hospital*", "alergi*", "intoxic*", "envenen*", "peligros*", "puede matar",
        "matar a alguien", "caught fire", "set on fire", "fire hazard", "burst into flames", "explod*",
        "burns", "burned my", "burnt my", "injur*", "hospitalised", "hospitalized", "allerg*", "irritation",
        "rash", "poison*", "unsafe", "recall", "patients", "stop using", "dejen de usar", "riesgo para la salud",
        "health risk", "e120", "toxic*", "toxico*", "choking", "electrocut*", "aterrizo de emergencia",
        "aterrizaje de emergencia", "emergency landing", "humo en", "smoke in", "smelled of smoke",
        "smell of smoke", "smells of smoke", "smelt of smoke", "olia a humo", "huele a humo", "olor a quemado", "evacu*", "emergencia",
        "seriously ill", "fell ill", "got ill", "ill after", "sick after eating", "enfermaron", "se enfermo",
        "vomit*", "diarrea", "diarrhoea", "diarrhea", "contaminad*", "contaminated", "contamination", "potable",
        "boil notice*", "boil water", "hervir el agua", "safe to drink", "apta para el consumo", "no apta",
        "drinking water", "agua potable", "vets", "veterinari*", "stop feeding", "dejen de dar", "unaccompanied minor", "menor no acompanad*",
        "huele a gas", "olia a gas", "olor a gas", "fuga de gas", "gas leak", "smell of gas", "smells of gas",
        "smelled gas", "smelt gas", "live wire*", "exposed wire*", "cables pelados", "cables al aire", "scorch*",
        "chamusc*", "sparks", "chispas", "derriti*", "derretid*", "melted", "casi se quema", "casi se incendia",
        "almost caught fire", "bomberos", "fire brigade", "fire department", "ambulance", "ambulancia",
        "urgencias", "going to die", "gonna die", "someone will die", "va a morir", "se va a morir",
        "se va a matar", "could have killed", "could've killed", "could kill", "pudo matar", "podria matar",
        "podria haber matado", "retirenlo", "retiradlo", "retirarlo del mercado", "retiren el producto",
    ),
    "data": lexicon(
        "datos de otro", "tienen mis datos", "con mis datos", "datos personales", "filtracion", "filtrad*", "hacke*", "proteccion de datos",
        "rgpd", "gdpr", "data breach", "breach", "data leak*", "leaked data", "leaked personal", "datos filtrados",
        "filtraron", "datos de miles", "datos de clientes", "datos de los clientes", "customer data",
        "customers' data", "publico los datos", "expuestos", "exposed", "expuso", "someone else's data", "another customer's",
        "privacy", "privacidad", "estafadores", "phishing", "have my data", "personal data", "recogida de datos",
        "strangers", "other people's", "someone else's", "de otras personas", "de otra persona", "card numbers",
        "numeros de tarjeta", "sim swap", "duplicado de mi sim", "duplicado de sim", "duplicado de la sim",
        "me vaciaron la cuenta", "vaciaron mi cuenta", "emptied my account", "drained my account",
    ),
    "boycott": lexicon(
        "boicot", "boycott*", "dejen de comprar", "no compreis", "no compren", "stop buying", "don't buy",
        "don't order from", "stop recommending", "dejar de recomendar", "no los recomiendo",
    ),
    "discrimination": lexicon(
        "racis*", "discrimin*", "homofob*", "homophob*", "machis*", "sexis*", "xenofob*", "xenophob*",
        "transfob*", "transphob*", "por ser negro", "por ser mujer", "por mi color", "because i'm black",
        "por ser gay", "pareja gay", "gay couple", "because we're gay", "because they're gay", "because i'm gay",
        "lgbt*", "lgtb*", "por ser lesbiana", "por ser trans",
    ),
    "amplification": lexicon(
        "compartan", "compartid*", "difund*", "rt para", "rt", "retuit*", "share this", "psa", "viral",
        "screenshot is everywhere", "everyone is talking", "todo el mundo habla", "hilo de quejas",
        "decenas de quejas", "lo estamos investigando", "we are investigating", "investigating",
        "prensa", "periodist*", "journalist*", "hundreds of", "cientos de", "revisad vuestras cuentas",
        "check your accounts", "os habeis reido", "gravisimo", "escandalo", "outrage*", "disgrace",
        "denunciar", "a los medios", "to the press",
        "views", "visualizaciones", "reproducciones", "hasn't commented", "no ha comentado", "statement",
        "reached out", "trending", "tendencia", "trending topic", "captura", "screenshot", "lo que no hay que hacer",
        "what not to do", "investigation", "investigacion", "we've heard from", "hemos recibido",
        "delete your", "borren sus", "borrad vuestr*", "screenshots in",
    ),
}

# A child left alone: "a 9 year old travelling alone", "una niña de 9 años que viajaba sola".
CHILD_ALONE = re.compile(
    r"(?<![0-9])(?:[1-9]|1[0-4])[ -](?:year[ -]old|yo|anos)(?: [a-z']+){0,4} (?:alone|solo|sola|unaccompanied)(?![a-z])"
)

# Many people affected: "over 40 customers", "más de 200 clientes", "dozens of passengers".
MANY_AFFECTED = re.compile(
    r"(?<![a-z])(?:over|more than|dozens of|hundreds of|thousands of|mas de|decenas de|cientos de|miles de)"
    r" (?:\d[\d.,]* )?(?:customers|clients|users|passengers|people|families|clientes|usuarios|pasajeros|personas|familias)"
)

# Idioms whose words mislead the lexicons, rewritten before scoring.
REWRITES = (
    ("no puedo dejar de", "encanta"), ("can't stop", "love"), ("never had to", "easily"),
    ("no lo puedo creer", "increible"), ("no me lo puedo creer", "increible"), ("happy to", "ok to"), ("would love", "would like"),
    ("i'd love", "i'd like"), ("me encantaria", "me gustaria"), ("best deals", "deals"),
    ("no es urgente", "sin prisa"), ("not urgent", "no rush"), ("no problem", "ok"), ("sin problema", "ok"),
    ("can't fault", "great"), ("cannot fault", "great"), ("couldn't fault", "great"), ("nada que objetar", "genial"),
    ("can't decide", "undecided"), ("couldn't decide", "undecided"), ("can't tell", "unsure"),
    ("no me decido", "indeciso"), ("no se que pensar", "indeciso"),
    ("stuck in my head", "catchy"), ("se me ha pegado", "pegadiza"), ("se me pego", "pegadiza"),
    ("never had that before", "impressive"), ("i never know", "i'm not sure"), ("nunca se", "no se"), ("expected a fight", "expected"), ("expected the worst", "expected"),
    ("me esperaba lo peor", "esperaba"), ("esperaba lo peor", "esperaba"), ("en una tarde", "rapidamente"),
    ("en una manana", "rapidamente"), ("in one afternoon", "quickly"), ("in an afternoon", "quickly"),
    ("solo emergencia", "sin senal"), ("solo llamadas de emergencia", "sin senal"), ("emergency calls only", "no signal"),
    ("discriminacion horaria", "tarifa por horas"),  # a Spanish electricity tariff, not discrimination
    ("under gdpr", "by law"), ("under the gdpr", "by law"), ("segun el rgpd", "segun la ley"),  # a data-rights request
    ("por el rgpd", "por ley"), ("sos only", "no signal"), ("didn't expect that", "surprised"), ("no me lo esperaba", "sorprendido"), ("pense que iba a ser un drama", "esperaba"), ("thought it would be a nightmare", "expected"),
)

# Time lost: "took 4 weeks", "llevo 3 meses", "1 hora y 10 minutos en espera".
DURATION_COMPLAINT = re.compile(
    r"(?<![a-z])(?:(?:took|waited|waiting|tardo|tardaron|llevo|lleva|esperando)"
    r" (?:\w+ )?\d+ (?:weeks|days|months|hours|semanas|dias|meses|horas)"
    r"|(?:media|una|dos|tres|\d+) (?:hora|horas|hour|hours) (?:en|on|in|de|waiting|esperando))"
)

# Time lost written another way: "a 9 day wait", "9 días después", "two weeks later".
DURATION_COMPLAINT = re.compile(
    DURATION_COMPLAINT.pattern + r"|(?<![a-z])(?:\d+|two|three|four|five|dos|tres|cuatro|cinco)"
    r" (?:day|days|hour|hours|week|weeks|month|months|dias|horas|semanas|meses)"
    r" (?:wait|despues|later|mas tarde|de espera)(?![a-z])"
    r"|(?<![a-z])hace (?:\w+ )?(?:\d+|dos|tres|cuatro|cinco) (?:dias|semanas|meses|horas) que"
)

# Chasing the brand: "llamé 4 veces", "called three times", "he escrito cinco veces".
REPEATED_CONTACT = re.compile(
    r"(?<![a-z])(?:(?:llame|he llamado|llamamos|escribi|he escrito|called|rang|phoned|emailed|wrote|messaged|chased|sent)"
    r" (?:\w+ ){0,2}(?:(?:\d+|dos|tres|cuatro|cinco|seis|varias|muchas|mil|two|three|four|five|six|several|multiple)"
    r" (?:veces|times)|twice)"
    r"|(?:this is|es) (?:my|mi) (?:second|third|fourth|2nd|3rd|4th|segundo|tercer|cuarto) (?:message|email|time|mensaje|correo))(?![a-z])"
)

# Things missing, listed: "no van, no call", "sin aire y sin avisos", "no water no heating".
_CALM = r"(?!(?:rush|pressure|worries|worry|stress|hassle|drama|dramas|problem|problems|prisa|pasa|pega|pegas)(?![a-z]))"
ABSENCES = re.compile(
    rf"(?<![a-z])(?:no|sin|without) {_CALM}[a-z]+ (?:(?:y|and|or|o|ni) )?(?:no|sin|without|ni) {_CALM}[a-z]+"
)

# A demand with a consequence: "or I'm cancelling", "o me porto a otra compañía", "si no, os denuncio".
THREAT = re.compile(
    r"(?<![a-z])(?:or|o|if not|si no|otherwise|sino) (?:else )?(?:i'm|i am|i'll|i will|me|voy|os|les|lo|la)"
    r" (?:\w+ )?(?:cancel|leav|switch|going|port|cambi|doy|denunci|report|disput|fil|llev|quej|reclam|chargeback)[a-z]*"
)

# Asking the crowd, not the brand: "anyone know which…", "¿qué opináis?", "recomendaciones de…".
CROWD = lexicon(
    "anyone know", "does anyone", "anyone recommend", "any recommendations", "recommendations for",
    "what do you all think", "what does everyone", "what's everyone", "thoughts on", "alguien sabe",
    "alguien conoce", "alguien me recomienda", "que opinan", "que opinais", "recomendaciones de",
    "recomendaciones para", "acepto sugerencias", "sugerencias de", "anyone else", "alguien mas",
    "has anyone", "have any of you", "alguien ha", "alguno ha", "alguien tiene", "thoughts ?", "opiniones ?",
)

# A problem the brand fixed: "swapped my broken lamp", "me cambiaron el cargador defectuoso".
FIXED_PROBLEM = re.compile(
    r"(?<![a-z])(?:swapped|replaced|fixed|repaired|exchanged|sorted|cambiaron|arreglaron|repararon|reemplazaron"
    r"|blocked|stopped|caught|spotted|refunded|reversed|devolvio|devolvieron|bloquearon|detectaron|anularon)"
    r" (?:[a-z']+ ){0,2}(?:broken|faulty|damaged|defective|roto|rota|averiad[oa]|defectuos[oa]|estropead[oa]"
    r"|fraud\w*|scam\w*|dodgy|cargo fraudulento|fraudulent\w*|estafa)(?![a-z])"
)

# Fixed fast: "en 10 minutos", "in 5 minutes", "en media hora listo".
QUICK_FIX = re.compile(
    r"(?<![a-z])(?:the same day|el mismo dia|in one call|en una llamada|first call|primera llamada"
    r"|(?:fixed|sorted|resolved|solved|arreglad[oa]|resuelt[oa]|solucionad[oa]) (?:by|before|within|antes de|para)"
    r" (?:lunch\w*|tea\w*|the afternoon|the evening|the next day|la tarde|la noche|el mediodia|el dia siguiente|\d+))(?![a-z])"
    r"|(?<![a-z])(?:en|in|within) (?:\d+|media|un|una|dos|five|ten|two|a few|an|a) "
    r"(?:minutos|minutes|mins|min|dias|days|horas|hours|hora|hour)(?! (?:ago|sin|without|waiting|esperando))"
)

GREETINGS = frozenset(
    "hola buenas buenos dias tardes noches hi hello hey hiya morning good evening afternoon ey "
    "saludos ola holi there buen bon dia".split()
)

REQUEST = lexicon(
    "can you", "could you", "can i", "would you", "please", "pls", "plz", "por favor", "podeis", "podriais",
    "podrian", "me pueden", "nos pueden", "me puedes", "me lo podeis", "me lo pueden", "quiero darme", "quiero dar de baja", "quiero cambiar",
    "quiero pedir", "quiero cancelar", "quisiera", "necesito", "cancel my", "cancel the", "refund the",
    "refund my", "send me", "sacad", "decid", "help me", "dm me", "me pueden", "me podeis", "devolvedme",
    "devuelvanme", "change the", "change my", "swap", "cambiadme", "cambien", "anulad", "anulen",
    "que borren", "delete my", "dadme", "i'd like to", "i would like to", "me gustaria", "solicito",
    "quiero que me llamen", "call me", "llamadme", "llamenme",
    "quiero pasar*", "quiero mover", "quiero anular", "quiero devolver", "quiero cambiar", "ayudenme", "ayudadme",
    "porfa", "porfavor", "i want to", "i need to", "could i", "solicito", "quiero el", "quiero la", "quiero un",
    "quiero una", "i want the", "i need the", "necesitaria", "i need a", "i need my", "i need an",
)

COMPLAINT = lexicon(
    "reclam*", "hoja de reclamaciones", "consumo", "exijo", "exigo", "exigimos", "que se hagan cargo",
    "hagan cargo", "chargeback", "me doy de baja", "me ire", "me voy a otr*", "me cambio de compania",
    "compensa*", "indemniz*", "agradeceria que", "revise mi caso", "reintegr*", "overcharg*",
    "por cuarta vez", "por tercera vez", "por quinta vez", "look into it", "want this refunded",
    "want a refund", "like a refund", "want my money back", "3rd email", "third email", "4th time",
    "no reply", "formal complaint", "complaint", "ombudsman", "les pido", "piensen en", "i demand",
    "legal action", "abogad*", "lawyer*", "ocu", "facua", "con todo respeto", "importe distinto",
    "de mas en la factura", "quiero que", "i want", "i expect",
    "take responsibility", "hacerse cargo", "no es la primera vez", "not the first time",
    "switching to", "i'll leave", "i'm leaving", "cancel my contract", "trato del", "trato de",
    "devuelvan lo", "me devuelvan",
    "quiero la devolucion", "me cambio de", "os pido que", "les pido que", "me devolvais", "devolvais", "o cancelo",
    "o me voy", "o me doy de baja", "quiero mi", "que quiteis", "que quiten", "or i cancel", "or i'm leaving", "dejo de venir", "dejo de comprar", "dejare de", "me veo en la obligacion",
    "estimados senores", "atentamente", "no suelo escribir", "quejas", "queja", "reembolso del",
    "puse denuncia", "puse una denuncia", "he puesto una denuncia", "poner una denuncia", "full refund",
    "reembolso completo", "reembolso integro", "profeco", "sernac", "indecopi", "defensa del consumidor",
    "defensa al consumidor", "small claims", "regulator", "trading standards", "ofcom", "ofgem", "fca",
    "better business bureau", "third message", "tercer mensaje", "cuarto mensaje", "fourth message",
)

INCIDENT = lexicon(
    "no funciona", "no anda", "not working", "stopped working", "doesn't work", "won't start", "won't work",
    "won't load", "won't charge", "won't let", "can't lock", "can't log", "can't access", "can't pay",
    "can't call", "can't use", "cannot", "is down", "down again", "outage", "no signal", "no service",
    "sin senal", "sin cobertura", "sin datos", "sin fibra", "sin servicio", "sin internet", "sin luz",
    "sin linea", "se cayo", "esta caido", "esta caida", "declined", "rechaza*", "bloquea*", "suspend*",
    "no puedo pagar", "no puedo entrar", "no puedo acceder", "no puedo llamar", "no puedo usar",
    "no me deja", "never went through", "my bag", "mi maleta", "equipaje", "unlocked", "app says",
    "since the update", "desde la actualizacion", "desde hace", "desde las", "since this morning",
    "this morning", "esta manana", "ahora mismo", "right now", "stuck", "no tengo datos", "ni puedo llamar",
    "no carga", "doesn't charge", "error", "gone, no order", "charged me", "me han bloqueado",
    "no me funciona", "doesn't work", "caducad*", "expired", "tragado", "leaked", "leaking", "arrived damaged",
    "llego roto", "llego rota", "llego danad*", "crash*", "keeps crashing", "freez*", "se cuelga",
    "se cierra sola", "no abre", "won't open", "no carga", "swallowed", "se ha comido", "ate my card",
    "no llega el", "no me llegan", "no arranca", "is apparently",
    "sin gas", "sin agua", "sin agua caliente", "sin calefaccion", "sin corriente", "apagon", "corte de luz",
    "no power", "power cut", "no gas", "no hot water", "no heating", "without internet", "without power",
    "without service", "without signal", "esta roto", "esta rota", "vino roto", "vino rota", "is broken",
    "arrived broken", "de menos", "short changed",
    "shortchanged", "since yesterday", "since last night", "desde ayer", "desde anoche", "still nothing",
    "sigue sin", "marked delivered", "marked as delivered", "says delivered", "dice entregado",
    "aparece como entregado", "marcado como entregado", "nothing loads", "won't load", "black screen",
    "pantalla negra", "blank screen", "has been blank", "buffering", "buffered", "completely dead", "is dead",
    "went dead", "esta muerto", "esta muerta", "reinstal*", "isn't answering", "not answering",
)
# "says my order was delivered", "dice que el pedido fue entregado": delivered on paper only.
DELIVERED_ON_PAPER = re.compile(
    r"(?<![a-z])(?:says|shows|marked|dice|aparece|pone|figura)(?: [a-z']+){0,4} (?:delivered|entregado|entregada)(?![a-z])"
)
# Money short when handed over: "me dio 1.500 pesos menos", "nos devolvieron 20 euros menos".
MONEY_SHORT = re.compile(
    r"(?<![a-z])(?:me|nos) (?:dio|dieron|da|dan|devolvio|devolvieron|entrego|entregaron|pagaron|pago)"
    r" (?:\w+ ){0,2}(?:pesos|euros|dolares|soles|libras) menos(?![a-z])"
)

# "since 6am", "desde las 8": a failure still going on.
ONGOING = re.compile(r"(?<![a-z])(?:since|desde (?:las|la|el)) \d{1,2}(?:[:.]\d\d)? ?(?:am|pm|h)?(?![a-z0-9])")

# Interrogatives that start a question even without "?" ("cuándo abren en Rosario").
QUESTION_START = lexicon(
    "cual", "cuales", "cuando", "donde", "por que", "quien", "cuanto", "cuanta", "cuantos", "what", "when",
    "where", "why", "how", "which", "una pregunta", "queria saber", "quisiera saber", "i was wondering",
    "just curious", "wondering",
)

# English questions written without "?": an auxiliary before its subject at the start of a clause.
INVERTED_QUESTION = re.compile(
    r"^(?:do|does|did|is|are|was|were|will|can|could|would|should|has|have)"
    r" (?:i|you|your|the|it|this|that|they|we|there|he|she|my|any)(?![a-z])"
)

# Questions phrased as statements, anywhere in the text.
QUESTION_ANYWHERE = lexicon(
    "se puede", "se pueden", "o hay que", "alguien sabe", "does anyone know", "una pregunta", "queria saber",
    "quisiera saber", "i was wondering", "como lo hago", "how do i", "me confirman", "let me know", "any news", "any update",
    "alguna novedad", "sabeis algo", "saben algo",
    "curious whether", "wondering whether", "wondering if", "es de verdad", "is this real", "is this legit",
)

NOT_URGENT = lexicon(
    "sin prisa", "no rush", "curiosidad", "curious", "curiosity", "algun dia", "some day", "someday", "any plans",
    "plans to", "van a sacar", "vais a sacar", "van a volver", "vais a volver", "volveis a", "volveran",
    "teneis pensado", "tienen pensado", "coming back", "come back", "next year", "el ano que viene",
    "el proximo ano", "next month", "el mes que viene", "vacaciones", "planeando", "planning",
    "thinking of", "pensando en", "one day", "eventually", "do you sell", "cuando abren", "cuando llega",
    "cuando llegan", "would use it", "just wondering", "a one off", "in the future", "en el futuro",
    "los estoy esperando", "sometime", "any chance of", "any collabs", "cuando sale", "cuando salen", "black friday", "cyber monday", "will you ever", "ever do", "vais a hacer algun", "would love to chat", "in the autumn", "en otono",
)

NEAR_TIME = lexicon(
    "tomorrow", "manana", "today", "hoy", "tonight", "esta noche", "next week", "la semana que viene",
    "la proxima semana", "this week", "esta semana", "lunes", "martes", "miercoles", "jueves", "viernes",
    "sabado", "domingo", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "el 31", "el 30", "road trip", "before it ships", "asap", "ya",
)

PERSONAL = lexicon(
    "my", "mi", "mis", "i'm", "i've", "i did", "i have", "do i", "can i", "ya fui", "hice", "tengo",
    "vengo", "los pierdo", "lose my", "i need", "necesito", "me confirman", "me", "don't want", "me llega",
)

FUTURE_POSITIVE = lexicon(
    "tomorrow", "manana", "wish me luck", "wishlist", "will report back", "a ver si", "which shade first",
    "ahora si arranco", "before payday",
)

LAUGHTER = lexicon("😂", "🤣", "jaja*", "jeje*", "haha*", "lol", "lmao", "xd")

# After "but" / "pero" comes what the writer means ("I hate flying. But the crew ... 10/10").
CONTRAST = re.compile(r" (?:but|pero|aunque|though|sin embargo|however) (?!bueno )")

# Claims and threats that make a message negative whatever else it says.
STRONG_COMPLAINT = lexicon(
    "exijo", "exigo", "reclamacion", "hoja de reclamaciones", "chargeback", "o cancelo", "o me voy", "o me cambio",
    "me cambio de", "dejo de venir", "quiero mi dinero", "want my money back", "quiero la devolucion",
    "me devolvais", "me devuelvan", "refund me", "or i cancel", "or i'm leaving", "quiero mi", "me obligo",
    "lo que no hay que hacer", "what not to do",
)
NEITHER_NOR = re.compile(r"(?<![a-z])(?:ni \w+(?: \w+)? ni|neither \w+(?: \w+)? nor) ")
