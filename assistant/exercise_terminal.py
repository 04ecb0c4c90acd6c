"""The terminal exercise session behind `assistant exercise`: show an exercise, read the learner's prompt,
show the graded feedback, then hint / try again / next. Input and output are injected for tests."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape

from assistant.errors import AssistantError
from assistant.exercises.schema import Exercise
from assistant.exercises.service import AttemptResult, ExerciseService
from assistant.messages import catalogue, say

END_OF_PROMPT = "."
_ICONS = {
    "pass": "[green]✓ pass[/green]",
    "partial": "[yellow]~ partial[/yellow]",
    "fail": "[red]✗ fail[/red]",
}
_MENU = (
    "[bold]Enter[/bold] try again · [bold]h[/bold] hint · [bold]n[/bold] next exercise · [bold]q[/bold] quit"
)

Read = Callable[[str], str]  # like `input`: raises EOFError at the end of input


class ExerciseSession:
    def __init__(self, service: ExerciseService, user_id: str, console: Console, read: Read = input) -> None:
        self.service = service
        self.user_id = user_id
        self.out = console
        self.read = read

    def run(self, level: int | None = None, exercise_id: str | None = None) -> None:
        """Work through exercises until the learner quits (q, Ctrl-D) or there are none left."""
        exercise = self.service.get(exercise_id) if exercise_id else self._next(level)
        while exercise is not None:
            self._show(exercise)
            choice = self._practise(exercise)
            if choice == "q":
                return
            exercise = self._next(level, after=exercise)
        self.out.print("No more exercises here: well done. Try another level with --level.")

    def _practise(self, exercise: Exercise) -> str:
        """Attempts at one exercise; returns "n" (next) or "q" (quit)."""
        hints_seen = 0
        while True:
            try:
                prompt = self._read_prompt()
            except EOFError:
                return "q"
            if prompt:
                try:
                    self._report(self.service.attempt(exercise.id, prompt, self.user_id, "cli", judge=True))
                except AssistantError as exc:
                    self.out.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            while True:
                try:
                    choice = (
                        self.read("\n" + "h = hint, n = next, q = quit, Enter = try again> ").strip().lower()
                    )
                except EOFError:
                    return "q"
                if choice in ("n", "q"):
                    return choice
                if choice != "h":
                    break
                hints_seen = min(hints_seen + 1, len(exercise.hints))
                hint = escape(exercise.hints[hints_seen - 1])
                self.out.print(f"[cyan]Hint {hints_seen}:[/cyan] {hint}", highlight=False)

    def _read_prompt(self) -> str:
        self.out.print(
            f"\nWrite your prompt. End it with a line holding only '{END_OF_PROMPT}'.", highlight=False
        )
        lines: list[str] = []
        while True:
            line = self.read("")
            if line.strip() == END_OF_PROMPT:
                return "\n".join(lines).strip()
            lines.append(line)

    def _show(self, e: Exercise) -> None:
        """The exercise as written: its text is never read as rich markup ('[para 2]' stays)."""
        self.out.rule(escape(f"Level {e.level} · {e.title}"))
        self.out.print(f"[bold]Scenario[/bold]\n{escape(e.scenario.strip())}\n", highlight=False)
        self.out.print(f"[bold]Your task[/bold]\n{escape(e.task.strip())}", highlight=False)
        if e.sample_input:
            sample = escape(e.sample_input.strip())
            self.out.print(f"\n[bold]Text to work on[/bold]\n[dim]{sample}[/dim]", highlight=False)

    def _report(self, result: AttemptResult) -> None:
        grade = result.grade
        self.out.print(f"\n[bold]Score: {grade.score}/100[/bold] (best {result.best_score})", highlight=False)
        for c in grade.criteria:
            feedback = f"{escape(c.feedback)} [dim](see {escape(c.lesson)})[/dim]"
            self.out.print(f"  {_ICONS[c.status]}  {feedback}", highlight=False)
        notes = {n.flag: n for n in grade.notes}
        for flag in grade.flags:
            note = notes.get(flag)
            seen = f" [dim]({escape(note.detail)} See {escape(note.lesson)}.)[/dim]" if note else ""
            capped = f"[yellow]Score capped: {escape(_flag_words(flag))}[/yellow]"
            self.out.print(f"  {capped}{seen}", highlight=False)
        if result.judge is not None:
            comment = escape(result.judge.comment)
            self.out.print(f"  LLM judge: {result.judge.score}/100. {comment}", highlight=False)
        if grade.next_hint is not None:
            self.out.print(f"  Stuck? Press h for hint {grade.next_hint}.", highlight=False)
        self.out.print(f"\n{_MENU}")

    def _next(self, level: int | None, after: Exercise | None = None) -> Exercise | None:
        if level is None:
            suggested = self.service.suggest_next(self.user_id, "cli")
            if suggested is not None and (after is None or suggested.id != after.id):
                return suggested
            level = after.level if after else 1
        in_level = self.service.list(level=level)
        if after is None:
            return in_level[0] if in_level else None
        ids = [e.id for e in in_level]
        position = ids.index(after.id) + 1 if after.id in ids else 0
        return in_level[position] if position < len(in_level) else None


def _flag_words(flag: str) -> str:
    """Why the score was capped, in the words every channel uses (the flag's name if it has none)."""
    key = f"flag_{flag}"
    return say(key) if key in catalogue("en") else flag
