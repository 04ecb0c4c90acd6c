"""The exercise routes over HTTP with the real grader, encoder and SQLite progress."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.services import Services
from tests.api.conftest import MakeClient

WATER = "L1-01-plain-reply-water-complaint"
STRONG = (
    "Draft a reply to the citizen's complaint below about the irregular water supply in his street. The "
    "reader is an ordinary citizen, so write in plain, polite English with short sentences that a person "
    "with ten years of schooling understands. Explain that the main line was damaged, that the repair "
    "will be finished by 20 June, that a free water tanker will come on alternate days until then, and "
    'give the helpline number. Keep it under 150 words.\n\n"""\n[complaint and Director\'s note]\n"""'
)
WEAK = "reply to this"


def test_lists_and_filters_exercises(client: TestClient) -> None:
    everything = client.get("/v1/exercises").json()["exercises"]
    assert len(everything) >= 30
    assert {e["level"] for e in everything} == {1, 2, 3, 4, 5}
    level3 = client.get("/v1/exercises", params={"level": 3}).json()["exercises"]
    assert level3 and all(e["level"] == 3 for e in level3)
    grounding = client.get("/v1/exercises", params={"skill": "grounding"}).json()["exercises"]
    assert grounding and all("grounding" in e["skills"] for e in grounding)
    assert client.get("/v1/exercises", params={"skill": "juggling"}).status_code == 422
    assert client.get("/v1/exercises", params={"level": 9}).status_code == 422


def test_shows_an_exercise_without_giving_the_answer_away(client: TestClient) -> None:
    body = client.get(f"/v1/exercises/{WATER}").json()
    assert body["id"] == WATER and body["scenario"] and body["task"] and body["sample_input"]
    assert sum(c["weight"] for c in body["rubric"]) == 100
    assert body["hints_available"] == 3
    assert "model_answer" not in body and "hints" not in body
    missing = client.get("/v1/exercises/L1-99-nothing")
    assert missing.status_code == 404 and "L1-99-nothing" in missing.json()["detail"]


def test_hints_go_from_gentle_to_specific(client: TestClient) -> None:
    hints = [client.get(f"/v1/exercises/{WATER}/hints/{n}").json()["text"] for n in (1, 2, 3)]
    assert len(set(hints)) == 3 and len(hints[2]) > len(hints[0])
    assert client.get(f"/v1/exercises/{WATER}/hints/4").status_code == 422
    assert client.get("/v1/exercises/L1-99-nothing/hints/1").status_code == 404


def test_an_attempt_is_graded_explained_and_recorded(client: TestClient, services: Services) -> None:
    weak = client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "amna", "prompt": WEAK})
    assert weak.status_code == 201, weak.text
    body = weak.json()
    assert body["score"] < 40 and "too_short" in body["flags"]
    assert body["next_hint"]["n"] == 1 and body["next_hint"]["text"]
    assert {c["status"] for c in body["criteria"]} <= {"pass", "partial", "fail"}
    assert all(c["feedback"] and c["lesson"].startswith("course/") for c in body["criteria"])
    assert body["attempt_number"] == 1 and body["model_answer"] is None

    strong = client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "amna", "prompt": STRONG}).json()
    assert strong["score"] >= 80, strong
    assert strong["attempt_number"] == 2 and strong["best_score"] == strong["score"]
    assert strong["model_answer"]  # earned by completing the exercise

    progress = client.get("/v1/learners/amna/progress").json()
    assert progress["total_attempts"] == 2 and progress["completed"] == 1
    assert progress["current_streak_days"] == 1
    mine = next(e for e in progress["exercises"] if e["exercise_id"] == WATER)
    assert mine["best_score"] == strong["score"] and mine["attempts"] == 2
    assert progress["next_exercise_id"] != WATER


def test_personal_data_is_flagged_and_never_stored(client: TestClient, services: Services) -> None:
    prompt = STRONG + "\nThe complainant is Ali, CNIC 35202-1234567-1, phone 0300-1234567."
    body = client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "bilal", "prompt": prompt}).json()
    assert body["personal_data_redacted"] is True and "personal_data" in body["flags"]
    with services.database.session() as session:
        stored = session.execute(sa.text("SELECT prompt FROM exercise_attempts")).scalars().all()
    assert stored and all("35202-1234567-1" not in p and "0300-1234567" not in p for p in stored)


def test_bad_attempts_get_clear_errors(client: TestClient) -> None:
    assert client.post(f"/v1/exercises/{WATER}/attempts", json={"prompt": STRONG}).status_code == 422
    blank = client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "c", "prompt": "   "})
    assert blank.status_code == 422 and "empty" in blank.json()["detail"]
    unknown = client.post("/v1/exercises/L1-99-nothing/attempts", json={"user_id": "c", "prompt": STRONG})
    assert unknown.status_code == 404
    no_llm = client.post(
        f"/v1/exercises/{WATER}/attempts", json={"user_id": "c", "prompt": STRONG, "try_it": True}
    )
    assert no_llm.status_code == 201 and "ASSISTANT_LLM_BASE_URL" in no_llm.json()["try_it_error"]


def test_progress_of_an_unknown_learner_is_empty_not_an_error(client: TestClient) -> None:
    body = client.get("/v1/learners/nobody/progress").json()
    assert body["total_attempts"] == 0 and body["unlocked_level"] == 1 and body["next_exercise_id"]


def test_forgetting_a_learner_erases_their_attempts(make_client: MakeClient) -> None:
    client = make_client(admin_token=SecretStr("s3cret"))
    client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "dana", "prompt": STRONG})
    assert client.get("/v1/learners/dana/progress").json()["total_attempts"] == 1
    erased = client.delete("/v1/users/dana", headers={"Authorization": "Bearer s3cret"})
    assert erased.status_code == 200
    assert client.get("/v1/learners/dana/progress").json()["total_attempts"] == 0


def test_the_chat_suggests_the_next_exercise(client: TestClient) -> None:
    client.post(f"/v1/exercises/{WATER}/attempts", json={"user_id": "ejaz", "prompt": STRONG})
    reply = client.post(
        "/v1/chat", json={"message": "Give me an exercise to practise", "user_id": "ejaz"}
    ).json()
    assert reply["suggested_exercise"] and reply["suggested_exercise"] != WATER
    assert reply["refused"] is False
    # the learner reads the title and the task, not an internal id, and no line breaks mid-sentence
    assert reply["suggested_exercise"] not in reply["answer"]
    assert all(not line or line.endswith((".", ")", ":", "?")) for line in reply["answer"].splitlines())


def test_an_exercise_asked_for_in_urdu_is_offered_in_urdu(client: TestClient) -> None:
    reply = client.post("/v1/chat", json={"message": "مجھے ایک مشق دیں", "user_id": "farah"}).json()
    assert reply["suggested_exercise"] and reply["refused"] is False
    assert "آپ کے لیے اگلی مشق" in reply["answer"] and "Here is" not in reply["answer"]


def test_an_exercise_asked_for_in_roman_urdu_is_offered(client: TestClient) -> None:
    """'Mujhe ek exercise do' was refused as a question the material does not answer."""
    for message in ("Mujhe ek exercise do", "agli practice dijiye"):
        reply = client.post("/v1/chat", json={"message": message, "user_id": "gul"}).json()
        assert reply["suggested_exercise"] and reply["refused"] is False, message
