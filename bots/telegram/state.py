"""One learner's state in one chat, typed. It is kept in the database between updates (as JSON, by
`ConversationStateStore`), so a restart loses nothing and `/forget` erases it with the learner; the JSON keys
are the ones stored before this class existed, so stored states keep loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bots.telegram.delivery import Outbox, Reply
from bots.telegram.messages import Lang

KEEP_COMMENTS = 5  # only the latest few "why 👎?" prompts stay answerable
_AWAITING_PROMPT = "prompt"  # stored value of "awaiting"


@dataclass(frozen=True, slots=True)
class PendingComment:
    """A 👎 whose "why?" prompt the learner may reply to."""

    message_id: str  # the rated answer
    rating: str


@dataclass
class ChatState:
    """What the bot remembers about a learner in a chat between their updates."""

    lang: Lang = "en"
    session_id: str | None = None  # the conversation with the tutor
    exercise: str | None = None  # the exercise being practised
    awaiting_prompt: bool = False  # the next text message is an attempt at `exercise`
    hints: int = 0  # hints shown (or pointed to by a grade) for `exercise`
    comments: dict[str, PendingComment] = field(default_factory=dict)  # by the prompt's message id
    outbox: Outbox = field(default_factory=Outbox)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatState:
        comments = {}
        for prompt_id, value in data.get("comments", {}).items():
            message_id, _, rating = str(value).partition(":")
            comments[prompt_id] = PendingComment(message_id, rating)
        undelivered: dict[str, list[Reply]] = data.get("undelivered", {})
        return cls(
            lang="ur" if data.get("lang") == "ur" else "en",
            session_id=data.get("session_id"),
            exercise=data.get("exercise") or None,
            awaiting_prompt=data.get("awaiting") == _AWAITING_PROMPT,
            hints=int(data.get("hints", 0)),
            comments=comments,
            outbox=Outbox(dict(undelivered)),
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"lang": self.lang, "hints": self.hints}
        if self.session_id is not None:
            data["session_id"] = self.session_id
        if self.exercise is not None:
            data["exercise"] = self.exercise
        if self.awaiting_prompt:
            data["awaiting"] = _AWAITING_PROMPT
        if self.comments:
            data["comments"] = {k: f"{c.message_id}:{c.rating}" for k, c in self.comments.items()}
        if self.outbox.waiting:
            data["undelivered"] = self.outbox.waiting
        return data

    def start_exercise(self, exercise_id: str) -> None:
        self.exercise, self.awaiting_prompt, self.hints = exercise_id, True, 0

    def stop_exercise(self) -> bool:
        """Leave the exercise; False when there was none."""
        stopped = self.exercise is not None
        self.exercise, self.awaiting_prompt = None, False
        return stopped

    def expects_attempt(self) -> bool:
        """Whether the next text message is an attempt at the current exercise."""
        return self.awaiting_prompt and self.exercise is not None

    def graded(self, next_hint: int | None) -> None:
        """An attempt was graded: later texts are questions again, and the grade's hint counts as offered."""
        self.awaiting_prompt = False
        self.hints = max(self.hints, next_hint or 0)

    def await_comment(self, prompt_id: int, comment: PendingComment) -> None:
        self.comments[str(prompt_id)] = comment
        while len(self.comments) > KEEP_COMMENTS:  # the oldest first
            self.comments.pop(next(iter(self.comments)))
