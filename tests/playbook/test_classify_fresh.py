"""Priority on sentences written for these tests, in two batches of 30 (neither from the labelled data).

Batch 2 was written before being run: 24 of 30 were right then (0.80), in line with the last blind
figure on the labelled data (docs/triage.md). Both batches now pass; they guard the general cues.
"""

import pytest

from playbook.classify import classify

BATCH_1 = [  # brand @TeleRapida
    ("@TeleRapida llevo una semana sin internet y nadie me da solución","x","public","high"),
    ("@TeleRapida me cobraron la instalación dos veces, quiero que me devuelvan el dinero","x","public","high"),
    ("@TeleRapida a qué hora abre la tienda de Gran Vía hoy?","x","public","high"),
    ("Hola, quiero cambiar mi tarifa a la de 50 euros, me ayudáis?","x","private","high"),
    ("@TeleRapida el router se ha muerto otra vez, ya van tres este año","x","public","high"),
    ("@TeleRapida sois unos ladrones, me voy a la competencia","x","public","high"),
    ("Qué bien funciona la fibra de @TeleRapida desde que me cambié 👌","x","public","low"),
    ("Viendo la final con los colegas, gracias @TeleRapida por el 5G en el estadio","x","public","low"),
    ("Las compañías de telefonía deberían bajar precios ya","x","public","low"),
    ("@TeleRapida ¿vais a tener el nuevo iPhone en preventa algún día?","x","public","low"),
    ("@TeleRapida my bill doubled this month without any explanation. Please explain.","x","public","high"),
    ("@TeleRapida can you tell me when my new SIM will arrive? ordered last week","x","public","high"),
    ("@TeleRapida your engineer never showed up, I took a day off work for nothing","x","public","high"),
    ("Switched to @TeleRapida last month and the coverage is great so far","x","public","low"),
    ("Anyone else think mobile contracts in Spain are a rip-off?","x","public","low"),
    ("@TeleRapida the app keeps crashing when I try to pay","x","public","high"),
    ("Hi, I'd like to cancel my contract please. Account 55123","x","private","high"),
    ("@TeleRapida do you have any plans to offer eSIM for tablets? just curious","x","public","low"),
    ("Thanks @TeleRapida for sorting my roaming so quickly yesterday!","x","public","low"),
    ("@TeleRapida customer service hung up on me twice. Unbelievable","x","public","high"),
    ("Buenas, no me llega el código de verificación para entrar en la app","x","private","high"),
    ("@TeleRapida che no anda el internet en todo Palermo, qué onda?","x","public","high"),
    ("@TeleRapida neta que su servicio está de la fregada, sin señal desde ayer","x","public","high"),
    ("@TeleRapida hackearon mi cuenta y están usando mis datos, ayuda urgente","x","public","high"),
    ("TeleRapida publicó los datos de miles de clientes, alguien sabe algo? RT","x","public","high"),
    ("hola buenas tardes","x","private","low"),
    ("@TeleRapida I've been on hold for 45 minutes","x","public","high"),
    ("@TeleRapida what a joke of a company, 3 weeks without broadband","x","public","high"),
    ("New @TeleRapida ad with the dancing dog is everywhere lol","x","public","low"),
    ("@TeleRapida mi abuela lleva 2 días sin teléfono fijo y vive sola, por favor","x","public","high"),
]

BATCH_2 = [  # brand @VuelaYa
    ("@VuelaYa my flight got cancelled and nobody at the gate can tell me anything","x","public","high"),
    ("@VuelaYa is there a fee to add a checked bag after booking?","x","public","high"),
    ("@VuelaYa I need a receipt for my flight last Tuesday for my company","x","public","high"),
    ("Best cabin crew ever on @VuelaYa 302 to Bogotá, thank you Marta!","x","public","low"),
    ("Airlines really need to sort out their legroom situation","x","public","low"),
    ("@VuelaYa perdieron mi maleta en Bogotá y llevo 3 días sin ropa","x","public","high"),
    ("@VuelaYa ¿puedo llevar mi gato en cabina? viajo el viernes","x","public","high"),
    ("Volando con @VuelaYa a Cartagena ✈️ vacaciones por fin","instagram","public","low"),
    ("@VuelaYa exijo una compensación por el retraso de 6 horas, tengo derecho según la normativa","x","public","high"),
    ("@VuelaYa quisiera saber si tienen pensado abrir ruta a Lima el año que viene","x","public","low"),
    ("Un piloto de @VuelaYa se negó a dejar subir a una pasajera por llevar velo. Discriminación pura. Difundan","x","public","high"),
    ("@VuelaYa the plane smelled of smoke and crew said nothing, we are all scared","x","public","high"),
    ("@VuelaYa overbooked again?! third time this year, I'm done with you","x","public","high"),
    ("anyone flown @VuelaYa business class? worth it?","x","public","low"),
    ("@VuelaYa gracias por el upgrade, sois los mejores 🥰","x","public","low"),
    ("Hola, necesito cambiar el nombre del pasajero en la reserva XK22P","facebook","private","high"),
    ("holaa","instagram","private","low"),
    ("@VuelaYa your website won't let me check in, error 500 every time","x","public","high"),
    ("Me encanta que @VuelaYa tenga snacks veganos a bordo 🌱","x","public","low"),
    ("@VuelaYa el check-in online no funciona desde la mañana, y el vuelo sale en 3 horas","x","public","high"),
    ("Las low cost se han cargado la experiencia de volar","x","public","low"),
    ("@VuelaYa qué tal las nuevas rutas a Europa? curiosidad nomás","x","public","low"),
    ("@VuelaYa still waiting for my refund from March. 4 emails, zero answers","x","public","high"),
    ("Just landed with @VuelaYa, smooth flight and early arrival 👏","x","public","low"),
    ("@VuelaYa my son has a severe nut allergy and the crew served peanuts anyway. Unacceptable and dangerous","x","public","high"),
    ("@VuelaYa buenas, cómo hago para pedir factura?","x","public","high"),
    ("@VuelaYa ¿cuándo sale la promo de Black Friday?","x","public","low"),
    ("Dear @VuelaYa, I wish to file a formal complaint about the treatment I received at Madrid airport","x","public","high"),
    ("@VuelaYa la azafata del vuelo 554 fue un encanto con mi hija, gracias","x","public","low"),
    ("@VuelaYa no me deja pagar con tarjeta en la web, ayuda","x","public","high"),
]


@pytest.mark.parametrize("text, network, visibility, priority", BATCH_1)
def test_batch_1(text, network, visibility, priority):
    assert classify(text, network=network, visibility=visibility, followers=200,
                    brand_handle="@TeleRapida").priority == priority


@pytest.mark.parametrize("text, network, visibility, priority", BATCH_2)
def test_batch_2(text, network, visibility, priority):
    assert classify(text, network=network, visibility=visibility, followers=200,
                    brand_handle="@VuelaYa").priority == priority
