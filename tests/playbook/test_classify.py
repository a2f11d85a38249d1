"""The classifier on sentences written for these tests (not taken from the labelled data set)."""

import dataclasses

import pytest

from playbook.classify import Classification, classify
from playbook.classify.interaction import brand_names


def run(text, *, brand="@MovilNova", network="x", visibility="public", followers=100, verified=False):
    return classify(text, network=network, visibility=visibility, followers=followers, verified=verified,
                    brand_handle=brand)


@pytest.mark.parametrize("text, language", [
    ("Hola, ¿sabéis cuándo vuelve la fibra a mi calle?", "es"),
    ("hola sabeis cuando vuelve la fibra a mi calle", "es"),  # no accents, no question marks
    ("Hi, is the outage in Leeds going to be fixed today?", "en"),
    ("Obrigado pela ajuda, o atendimento foi muito bom e rápido", "pt"),
    ("Merci beaucoup pour votre aide, le service est très rapide", "fr"),
])
def test_language_is_recognised_without_forcing_spanish_or_english(text, language):
    assert run(text).language == language


@pytest.mark.parametrize("text, sentiment", [
    ("genial, otra vez sin señal 🙃 gracias @MovilNova", "negative"),  # sarcasm
    ("love waiting 3 hours on hold, great job @MovilNova 🙄", "negative"),
    ("que pasada de atencion en la tienda, me lo arreglaron en 10 minutos 😍", "positive"),
    ("me encanta mi nuevo movil de @MovilNova", "positive"),
    ("the engineer was brilliant, sorted in no time", "positive"),
    ("un año con @MovilNova y 0 problemas", "positive"),  # a denied problem is praise
    ("@MovilNova q horario tiene la tienda de Sol mañana?", "neutral"),
    ("esto es una vergüenza, llevo 3 días sin internet", "negative"),
    ("esto es una verguenza, llevo 3 dias sin internet", "negative"),  # missing accents
    ("Te odio @MovilNova, ya no puedo vivir sin vuestro roaming 😂", "positive"),  # joke, not grievance
])
def test_sentiment(text, sentiment):
    assert run(text).sentiment == sentiment


@pytest.mark.parametrize("text, visibility, interaction_type", [
    ("@MovilNova sin datos en todo Bilbao desde las 8, no funciona nada", "public", "incident"),
    ("@MovilNova por favor dadme de baja la línea adicional", "public", "request"),
    ("@MovilNova ¿el bono de datos de 10GB caduca a fin de mes? me voy de viaje mañana", "public", "question"),
    ("@MovilNova algún día vais a tener tarifas solo de datos? curiosidad", "public", "non_urgent_query"),
    ("buenas", "private", "non_urgent_query"),
    ("@MovilNova me habéis cobrado 30€ de más. Exijo la devolución o voy a consumo", "public", "complaint"),
    ("Las operadoras de este país son todas iguales, suben precios cada año", "public", "sector_mention"),
    ("viendo el partido con el wifi de MovilNova", "public", "brand_mention"),
    ("gracias @MovilNova, la técnica fue amabilísima y lo dejó todo perfecto", "public", "positive_experience"),
    ("@MovilNova hackearon mis datos personales por vuestra culpa, esto es un escándalo", "public", "crisis_risk"),
    ("Boycott @MovilNova, their store manager was racist to my friend", "public", "crisis_risk"),
])
def test_interaction_type(text, visibility, interaction_type):
    assert run(text, visibility=visibility).interaction_type == interaction_type


def test_negative_message_from_big_account_is_a_crisis_risk_with_reasons():
    result = run("@MovilNova fatal servicio, 2 horas esperando en la tienda", followers=80_000)
    assert result.crisis_risk
    assert result.crisis_reasons == ("followers > 50,000",)
    assert result.influence == "very_high"


def test_positive_message_from_verified_account_is_not_a_crisis():
    result = run("me encanta @MovilNova 😍", verified=True)
    assert not result.crisis_risk
    assert result.influence == "very_high"


def test_influence_grows_with_reach():
    small, big = run("hola @MovilNova", followers=50), run("hola @MovilNova", followers=500_000)
    assert small.influence == "low" and small.influence_score < big.influence_score <= 100


@pytest.mark.parametrize("text, visibility, expects", [
    ("@MovilNova sin cobertura en Sevilla", "public", True),
    ("MovilNova me tiene harta, la peor compañía", "public", False),  # told about, not to, the brand
    ("MovilNova me tiene harta, la peor compañía", "private", True),
    ("Las operadoras son todas iguales", "public", False),
])
def test_expects_reply(text, visibility, expects):
    assert run(text, visibility=visibility).expects_reply is expects


def test_priority_follows_the_brand_playbook():
    assert run("@MovilNova sin cobertura en Sevilla").priority == "high"
    assert run("me encanta @MovilNova 😍").priority == "low"


def test_classification_is_frozen_and_handles_empty_and_huge_text():
    result = run("")
    assert isinstance(result, Classification)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.sentiment = "positive"
    assert run("a" * 100_000 + " horrible").language  # bounded work, no crash


def test_brand_names_come_from_the_handle():
    assert set(brand_names("@VoltaMotors")) == {"voltamotors", "volta motors", "volta"}
    assert "banco" not in brand_names("@BancoCerca")


@pytest.mark.parametrize("text, sentiment", [
    ("@LabiaCosmetics this lipstick is fire 🔥", "positive"),
    ("qué chido el nuevo plan de @MovilNova", "positive"),
    ("la atención de @MovilNova es de terror, me tienen podrida", "negative"),
    ("@MovilNova your new app is mid, honestly trash", "negative"),
])
def test_slang(text, sentiment):
    assert run(text).sentiment == sentiment


@pytest.mark.parametrize("text", [
    "@MovilNova this lipstick is fire 🔥",
    "El café de @MovilNova estaba quemado, qué asco",
    "a tu salud @MovilNova 🍻",
])
def test_figurative_words_are_not_a_safety_crisis(text):
    assert run(text).interaction_type != "crisis_risk"


# General cues added from the fresh set's tune half (docs/triage.md); sentences written for this test.
@pytest.mark.parametrize("text, brand, network, visibility, sentiment, interaction_type", [
    ("ni una queja con @MovilNova en dos años", "@MovilNova", "x", "public", "positive", "positive_experience"),
    ("never a single problem with @MovilNova since I switched", "@MovilNova", "x", "public", "positive",
     "positive_experience"),
    ("@MovilNova fix my line by Friday or I'm cancelling", "@MovilNova", "x", "public", "negative", "complaint"),
    ("He llamado cinco veces a @MovilNova por lo mismo", "@MovilNova", "x", "public", "negative", "negative_experience"),
    ("@MovilNova engineer booked for 9, no call, no show", "@MovilNova", "x", "public", "negative",
     "negative_experience"),
    ("mid-week offers on @MovilNova plans this month", "@MovilNova", "x", "public", "neutral", "brand_mention"),
    ("roaming in Rome with @MovilNova 10/10", "@MovilNova", "x", "public", "positive", "positive_experience"),
    ("@MovilNova tres días sin fibra. Así no se puede trabajar.", "@MovilNova", "x", "public", "negative", "incident"),
    ("el tren de CityLink Rail otra vez parado en el túnel, sin aire y sin avisos", "@CityLinkRail", "x", "public",
     "negative", "negative_experience"),
    ("Could you add my frequent flyer number to the booking? Thanks so much, lovely crew last time!", "@AeroSur", "x",
     "private", "neutral", "request"),
])
def test_general_cues_from_the_fresh_set(text, brand, network, visibility, sentiment, interaction_type):
    result = run(text, brand=brand, network=network, visibility=visibility)
    assert (result.sentiment, result.interaction_type) == (sentiment, interaction_type)


@pytest.mark.parametrize("text, brand, network", [
    ("Anyone know which mobile company has the best coverage in Asturias?", "@MovilNova", "facebook"),  # the crowd
    ("la comida de hoy estaba fría y sosa, qué asco", "@ComidaYa", "x"),  # "comida" is a word, "Comida" a name
])
def test_what_is_not_about_the_brand_is_a_sector_mention(text, brand, network):
    assert run(text, brand=brand, network=network).interaction_type == "sector_mention"


def test_a_question_to_the_crowd_naming_the_brand_is_not_a_question_to_it():
    assert run("Watching the AeroSur documentary tonight, anyone else?", brand="@AeroSur").priority == "low"


@pytest.mark.parametrize("text, brand, kind", [
    ("Huele a gas en el portal desde que vino el técnico de @EnerSur y nadie contesta", "@EnerSur", "safety"),
    ("@VoltaMotors my home charger melted overnight, there are scorch marks on the wall", "@VoltaMotors", "safety"),
])
def test_safety_language_is_a_crisis_risk(text, brand, kind):
    result = run(text, brand=brand)
    assert result.interaction_type == "crisis_risk" and result.crisis_risk and kind in result.crisis_reasons


def test_brand_names_cover_spacings_and_a_generic_ending():
    names = set(brand_names("@CityLinkRail"))
    assert {"citylinkrail", "city link rail", "citylink rail", "citylink"} <= names


# Round 2, from the second batch's tune half (docs/triage.md); sentences written for this test.
@pytest.mark.parametrize("text, brand, network, interaction_type, kind", [
    ("@VoltaMotors they replaced my faulty charger the next morning, no questions asked. That's how it's done",
     "@VoltaMotors", "x", "positive_experience", None),  # a fixed failure is not sarcasm
    ("Mi abuela de 80 años viajaba sola con @AeroSur y la trataron de maravilla", "@AeroSur", "x",
     "positive_experience", None),  # travelling alone is only a risk for a child
    ("calm down everyone, @MovilNova posted the new prices", "@MovilNova", "x", "brand_mention", None),
    ("@MovilNova internet is down across Madrid?", "@MovilNova", "x", "incident", None),
    ("@MovilNova el portal está sin agua y sin luz desde las 6", "@MovilNova", "x", "incident", None),
    ("Any chance of a Volta S in dark green one day?", "@VoltaMotors", "instagram", "non_urgent_query", None),
    ("Dos niños vomitando después de comer en @CafeTostado, ¿qué lleva esa tarta?", "@CafeTostado", "x",
     "crisis_risk", "safety"),
    ("@AeroSur left my 8 year old son travelling alone at the wrong gate for an hour", "@AeroSur", "x",
     "crisis_risk", "safety"),
    ("More than 300 customers tell us @BancoCerca moved their money without consent", "@BancoCerca", "x",
     "crisis_risk", "amplification"),
])
def test_round_two_cues(text, brand, network, interaction_type, kind):
    result = run(text, brand=brand, network=network)
    assert result.interaction_type == interaction_type
    assert result.crisis_risk == (kind is not None) and (kind is None or kind in result.crisis_reasons)


# Round 3, from the third batch's tune half (docs/triage.md); sentences written for this test.
@pytest.mark.parametrize("text, brand, interaction_type, kind", [
    ("@BrightLink nothing loads since last night, black screen. already tried reinstalling", "@BrightLink",
     "incident", None),
    ("@QuickFork says my order was delivered but nobody came", "@QuickFork", "incident", None),
    ("@BancoRaiz me mandaron de un lado a otro toda la mañana para un simple cambio", "@BancoRaiz",
     "negative_experience", None),
    ("@CoinWell spotted a dodgy payment and blocked it before I even noticed. Impressed", "@CoinWell",
     "positive_experience", None),
    ("@RedPlusMovil el celular dice 'solo emergencia' desde las 9, no tengo señal", "@RedPlusMovil", "incident", None),
    ("Boil notice on our street and @CityWater says the water is safe to drink?", "@CityWater", "crisis_risk", "safety"),
    ("@RedPlusMovil le dio un duplicado de mi SIM a un desconocido y me vaciaron la cuenta", "@RedPlusMovil",
     "crisis_risk", "data"),
])
def test_round_three_cues(text, brand, interaction_type, kind):
    result = run(text, brand=brand)
    assert result.interaction_type == interaction_type
    assert result.crisis_risk == (kind is not None) and (kind is None or kind in result.crisis_reasons)
