"""The learned text model: what it adds to the rules, and that it is never scored on what it learned from."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from playbook.classify import LEARNED_CRISIS, classify, learned
from playbook.classify.evaluation import evaluate, load

RULES_ONLY = learned.RulesOnly()


def run(text, *, model=None, brand="@MovilNova", followers=300, verified=False):
    return classify(text, network="x", brand_handle=brand, followers=followers, verified=verified, model=model)


@pytest.mark.parametrize("text", [
    # Written for this test; no crisis word of the lexicons in them.
    "@MovilNova your shop handed my number to a stranger and an hour later my savings were gone. "
    "Six of us on this street now. Sharing this everywhere",
    "@MovilNova el técnico que vino a casa se puso a grabar a mi hija con el móvil. Tengo capturas. "
    "Esto no puede quedar así",
    "@MovilNova one of your engineers filmed my 12 year old daughter on his phone while fixing the router. "
    "We caught it on camera. Three families so far",
])
def test_crisis_told_in_words_no_lexicon_lists_is_caught_by_the_learned_model(text):
    assert not run(text, model=RULES_ONLY).crisis_risk
    result = run(text)
    assert result.interaction_type == "crisis_risk" and result.priority == "high"
    assert result.crisis_reasons == (LEARNED_CRISIS,)


def test_the_learned_model_never_turns_praise_into_a_crisis():
    result = run("Gracias @MovilNova, el técnico vino en una hora y ahora la fibra va como un tiro 😍")
    assert result.sentiment == "positive" and not result.crisis_risk


def test_a_brand_name_is_not_a_cue():
    question = "@HospitalCentral ¿atienden con seguro privado en la sede norte o solo particular?"
    for model in (None, RULES_ONLY):
        result = run(question, brand="@HospitalCentral", model=model)
        assert not result.crisis_risk and result.interaction_type == "question"
    # The same word is still read when it is not the brand's name.
    assert run("@MovilNova la antena nueva del tejado echó chispas y mi vecino acabó en el hospital").crisis_risk


def test_evaluation_never_scores_a_row_the_model_learned_from():
    rows = load(learned.ROOT / "playbook/data/fresh_eval_5.jsonl")[:40]
    model = learned.model_without(frozenset(row["id"] for row in rows))
    assert not model.trained_on & {row["id"] for row in rows}
    assert len(model.trained_on) == len(learned.load_rows()) - 40
    # evaluate() uses exactly that model, so its figures are for text the model never saw.
    before = learned.model_without.cache_info().hits
    evaluate(rows)
    assert learned.model_without.cache_info().hits == before + 1


def test_the_shipped_model_learns_from_every_shipped_set():
    ids = learned.shipped_model().trained_on
    assert len(ids) == sum(len(load(path)) for path in learned.TRAINING_DATA)
    assert {"dev-0001", "fresh-0001", "fresh2-0001", "fresh3-0001", "fresh4-0001", "fresh5-0001"} <= ids


def test_no_training_data_is_a_clear_error():
    with pytest.raises(ValueError, match="no labelled rows to learn from"):
        learned.TextModel([])


def test_evaluate_triage_measures_the_rules_alone_on_request(tmp_path):
    row = {"id": "only", "network": "x", "visibility": "public", "brand": "@MovilNova",
           "text": "@MovilNova el técnico que vino a casa se puso a grabar a mi hija con el móvil. Tengo capturas. "
                   "Esto no puede quedar así",
           "language": "es", "author_followers": 300, "author_verified": False, "interaction_type": "crisis_risk",
           "sentiment": "negative", "expects_reply": True, "priority": "high", "crisis_risk": True}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(row))
    recall = {}
    for flags in ((), ("--rules-only",)):
        out = StringIO()
        call_command("evaluate_triage", str(path), "--default-rules", "--all-rows", *flags, stdout=out)
        assert ("left out (--rules-only)" in out.getvalue()) == bool(flags)
        line = next(line for line in out.getvalue().splitlines() if line.startswith("all rows"))
        recall[flags] = float(line.split()[-1])
    assert recall == {(): 1.0, ("--rules-only",): 0.0}


def test_a_confident_model_settles_the_priority_but_never_lowers_an_unhappy_customer():
    from playbook.classify.interaction import with_urgency
    from playbook.classify.sentiment import Sentiment
    from playbook.classify.text import Text

    neutral, negative = Sentiment("neutral", 0.0, False), Sentiment("negative", -2.0, False)
    casual_question = Text("@MovilNova ¿cuándo sale el nuevo plan?")
    assert with_urgency("non_urgent_query", casual_question, neutral, urgent=True) == "question"
    assert with_urgency("question", casual_question, neutral, urgent=False) == "non_urgent_query"
    told = Text("@MovilNova llevo toda la tarde sin poder entrar en la app")
    assert with_urgency("brand_mention", told, neutral, urgent=True) == "negative_experience"
    assert with_urgency("negative_experience", told, negative, urgent=False) == "negative_experience"
    assert with_urgency("crisis_risk", told, negative, urgent=False) == "crisis_risk"
