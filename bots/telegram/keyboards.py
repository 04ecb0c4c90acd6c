"""The inline keyboards the bot sends, labelled in the learner's language."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bots.telegram import callback_data as data
from bots.telegram.callback_data import ExerciseAction
from bots.telegram.messages import say


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("English", callback_data=data.language("en")),
                InlineKeyboardButton("اردو", callback_data=data.language("ur")),
            ]
        ]
    )


RELATED_LABEL_CHARS = 60  # of the approved question on its button; the rest is cut with "…"


def answer(
    message_id: str, suggested_exercise: str | None, lang: str, related: tuple[int, str] | None = None
) -> InlineKeyboardMarkup:
    """👍/👎 for the answer, a button to start the exercise it suggests (if any), and one asking the
    approved question of a related curated answer (if any)."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=data.rating("up", message_id)),
            InlineKeyboardButton("👎", callback_data=data.rating("down", message_id)),
        ]
    ]
    if suggested_exercise:
        start = data.exercise(ExerciseAction.START, suggested_exercise)
        rows.append([InlineKeyboardButton(say("btn_start_exercise", lang), callback_data=start)])
    if related is not None:
        curated_id, question = related
        short = (
            question if len(question) <= RELATED_LABEL_CHARS else question[: RELATED_LABEL_CHARS - 1] + "…"
        )
        label = f"{say('btn_related', lang)} {short}"
        rows.append([InlineKeyboardButton(label, callback_data=data.related(curated_id))])
    return InlineKeyboardMarkup(rows)


def exercise(exercise_id: str, lang: str, retry: bool = False) -> InlineKeyboardMarkup:
    """Hint / (try again) / next, and stop."""

    def button(label: str, action: ExerciseAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(say(label, lang), callback_data=data.exercise(action, exercise_id))

    row = [button("btn_hint", ExerciseAction.HINT)]
    if retry:
        row.append(button("btn_retry", ExerciseAction.RETRY))
    row.append(button("btn_next", ExerciseAction.NEXT))
    return InlineKeyboardMarkup([row, [button("btn_stop", ExerciseAction.STOP)]])


def forget(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(say("btn_yes_delete", lang), callback_data=data.FORGET_YES),
                InlineKeyboardButton(say("btn_cancel", lang), callback_data=data.FORGET_NO),
            ]
        ]
    )
