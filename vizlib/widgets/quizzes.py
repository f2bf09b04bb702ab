"""Predict, then check; and short quizzes.

:func:`predict` makes a widget in which the learner commits an answer
before the answer and its explanation are shown. The answer may be a
callable that computes it from the model, so lessons never hard-code it.
:func:`quiz` makes a multiple-choice quiz whose every choice carries its
own feedback (why a wrong choice is wrong). Both are ipywidgets and can be
driven from Python (``.submit``, ``.answer``), which is how the tests use
them; :func:`check` gives the same feedback as plain text where widgets do
not render.

Nothing a learner types is ever evaluated as code: numbers are read by
:func:`vizlib.parse_number`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from vizlib.exercises.problems import Feedback, Problem, feedback_html, judge_number, parse_number, text_html
from vizlib.text.fmt import precise

__all__ = ["PredictQuestion", "PredictWidget", "Question", "QuizWidget", "check", "predict", "quiz"]

_NOT_SHOWN = ""
_UNSET = object()


def _text(param: str, value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{param} must be a string, got {value!r} ({type(value).__name__})")
    if not empty_ok and not value.strip():
        raise ValueError(f"{param} must be a non-empty string, got {value!r}")
    return value


def _show(value: object, unit: str = "") -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        s = precise(value)
    else:
        s = str(value)
    return f"{s} {unit}" if unit else s


# ---------------------------------------------------------------------------
# predict, then check
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictQuestion:
    """What a prediction asks and how it is judged (no widget, no state).

    Parameters
    ----------
    prompt : str
    answer : object or callable
        The right answer, or a function of no arguments that computes it from
        the model (a widget calls it once, the first time the learner checks).
    choices : tuple, optional
        If given, the learner picks one of these; ``answer`` must be one of them.
        Otherwise the answer is a number.
    tolerance, rel_tolerance : float, optional
        Absolute / relative tolerance for numeric answers. Without either,
        whole-number answers must match exactly and others within 1%.
    explanation : str or callable, optional
        Shown after the learner commits; a callable receives the answer.
    unit : str
        Unit of a numeric answer, shown with it (and accepted after a typed number).
    """

    prompt: str
    answer: Any
    choices: tuple | None = None
    tolerance: float | None = None
    rel_tolerance: float | None = None
    explanation: str | Callable[[Any], str] | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        _text("question", self.prompt)
        _text("unit", self.unit, empty_ok=True)
        if self.choices is not None:
            if isinstance(self.choices, (str, bytes)) or not isinstance(self.choices, Sequence):
                raise TypeError(f"choices must be a list or tuple, got {self.choices!r}")
            object.__setattr__(self, "choices", tuple(self.choices))
            if len(self.choices) < 2:
                raise ValueError(f"choices must have at least 2 entries, got {len(self.choices)}")
            if len({str(c) for c in self.choices}) != len(self.choices):
                raise ValueError(f"choices must be distinct, got {self.choices!r}")
            if not callable(self.answer) and self.answer not in self.choices:
                raise ValueError(f"answer {self.answer!r} is not one of choices {self.choices!r}")
        elif not callable(self.answer):
            parse_number(self.answer)  # a fixed numeric answer must be a number
        for name in ("tolerance", "rel_tolerance"):
            t = getattr(self, name)
            if t is not None and (isinstance(t, bool) or not isinstance(t, (int, float)) or not t >= 0):
                raise ValueError(f"{name} must be a number >= 0 or None, got {t!r}")
        if self.explanation is not None and not (isinstance(self.explanation, str) or callable(self.explanation)):
            raise TypeError(f"explanation must be a string, a callable or None, got {self.explanation!r}")

    def expected(self) -> Any:
        """The right answer (calls ``answer`` if it is a callable)."""
        value = self.answer() if callable(self.answer) else self.answer
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"the computed answer {value!r} is not one of choices {self.choices!r}")
        if self.choices is None:
            parse_number(value)
        return value

    def explain(self, expected: Any) -> str:
        """The explanation for ``expected`` ("" if none)."""
        if self.explanation is None:
            return ""
        return str(self.explanation(expected) if callable(self.explanation) else self.explanation)

    def _choice(self, value: object) -> object:
        for c in self.choices:
            if value == c and type(value) is not bool:
                return c
        if isinstance(value, str):
            for c in self.choices:
                if str(c).strip().casefold() == value.strip().casefold():
                    return c
        raise ValueError(f"{value!r} is not one of the choices: {', '.join(str(c) for c in self.choices)}")

    def evaluate(self, value: object, expected: Any = _UNSET) -> Feedback:
        """Judge ``value`` (stateless). ``expected`` skips recomputing the answer."""
        exp = self.expected() if expected is _UNSET else expected
        if self.choices is not None:
            try:
                given = self._choice(value)
            except ValueError as e:
                return Feedback(False, False, str(e))
            ok = given == exp
            verdict = (
                f"Correct: {_show(exp)}."
                if ok
                else f"Not quite: you picked {_show(given)}; the answer is {_show(exp)}."
            )
            fb = Feedback(True, ok, verdict, given, exp)
        else:
            fb = judge_number(value, exp, tolerance=self.tolerance, rel_tolerance=self.rel_tolerance, unit=self.unit)
        if fb.accepted:
            why = self.explain(exp)
            if why:
                fb = Feedback(fb.accepted, fb.correct, f"{fb.message}\n{why}", fb.given, fb.expected)
        return fb


class TextRepr:
    """Mixin for widgets: the plain-text view (a static export, a terminal, a failed widget) shows the whole
    ``repr``, not ipywidgets' first 110 characters, so a question is never cut off mid-sentence."""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is not None:
            bundle["text/plain"] = repr(self)
        return bundle


class PredictWidget(TextRepr, widgets.VBox):
    """A predict-then-check widget. Make one with :func:`predict`.

    Attributes
    ----------
    question : PredictQuestion
    controls : dict
        ``"answer"`` (a Text box, or RadioButtons for choices) and ``"check"`` (a Button).
    feedback : ipywidgets.HTML
        Empty until the learner commits an answer.
    """

    def __init__(self, question: PredictQuestion):
        self.question = question
        first, _, rest = question.prompt.partition("\n")
        prompt = widgets.HTML(f"<div class='vz-predict-prompt'><b>Predict:</b> {html.escape(first)}"
                              f"{text_html(rest)}</div>")
        if question.choices is None:
            box = widgets.Text(value="", placeholder=f"your prediction{f' ({question.unit})' if question.unit else ''}",
                               description="Answer", continuous_update=False,
                               layout=widgets.Layout(width="320px"))
        else:
            box = widgets.RadioButtons(options=[(str(c), i) for i, c in enumerate(question.choices)], value=None,
                                       description="", layout=widgets.Layout(width="auto"))
        button = widgets.Button(description="Check", button_style="primary", tooltip="commit your answer and see")
        button.on_click(lambda _b: self._on_check())
        self.feedback = widgets.HTML(_NOT_SHOWN)
        self.controls = {"answer": box, "check": button}
        self._expected: Any = _UNSET
        self._answers: list[Any] = []
        self._first: Feedback | None = None
        super().__init__([prompt, widgets.HBox([box, button]), self.feedback],
                         layout=widgets.Layout(border="1px solid var(--jp-border-color2, #ccc)", padding="6px"))
        self.add_class("vz-predict")

    def __repr__(self) -> str:
        """The question as text (what a static view of the notebook shows), never the answer."""
        q = self.question
        choices = "".join(f"\n   {chr(97 + j)}) {c}" for j, c in enumerate(q.choices)) if q.choices else ""
        how = "pick one" if q.choices else f"type a number{f' ({q.unit})' if q.unit else ''}"
        return f"Predict: {q.prompt}{choices}\n({how} in the widget and press Check, or call .submit(value))"

    # -- state ----------------------------------------------------------------
    @property
    def revealed(self) -> bool:
        """Whether the learner has committed an answer (and so seen the right one)."""
        return self._first is not None

    @property
    def correct(self) -> bool | None:
        """Whether the first committed answer was right (``None`` before one)."""
        return None if self._first is None else self._first.correct

    @property
    def first_answer(self) -> Any:
        """The first committed answer, which is the one recorded (``None`` before one)."""
        return None if self._first is None else self._first.given

    @property
    def answers(self) -> tuple:
        """Every committed answer, in order."""
        return tuple(self._answers)

    # -- actions --------------------------------------------------------------
    def submit(self, value: object) -> Feedback:
        """Commit ``value`` and show the feedback; returns it.

        An answer that cannot be read (say "abc" for a number) is not
        recorded. After the first answer the learner may change their mind:
        the new answer is judged too, but the first one stays recorded.
        """
        if self._expected is _UNSET:
            self._expected = self.question.expected()
        fb = self.question.evaluate(value, self._expected)
        if fb.accepted:
            self._show_choice(fb.given, value)
            self._answers.append(fb.given)
            if self._first is None:
                self._first = fb
            else:
                first = _show(self._first.given, self.question.unit)
                fb = Feedback(True, fb.correct, f"{fb.message}\nYour first answer ({first}) stays recorded.",
                              fb.given, fb.expected)
        self.feedback.value = feedback_html(fb)
        return fb

    def _show_choice(self, given: Any, typed: object) -> None:
        """Make the control show the committed answer (when it came from Python)."""
        box = self.controls["answer"]
        if self.question.choices is None:
            if not isinstance(typed, str):
                box.value = _show(given)
        else:
            box.value = self.question.choices.index(given)

    def _on_check(self) -> None:
        box = self.controls["answer"]
        try:
            if self.question.choices is None:
                value = box.value
            elif box.value is None:
                self.feedback.value = feedback_html(Feedback(False, False, "Pick one of the choices first."))
                return
            else:
                value = self.question.choices[box.value]
            self.submit(value)
        except Exception as e:  # widgets never show tracebacks
            message = f"Sorry, this question could not be checked: {e}"
            self.feedback.value = feedback_html(Feedback(False, False, message))


def predict(
    question: str | Problem,
    *,
    answer: Any = None,
    choices: Sequence | None = None,
    tolerance: float | None = None,
    rel_tolerance: float | None = None,
    explanation: str | Callable[[Any], str] | None = None,
    unit: str = "",
) -> PredictWidget:
    """A widget where the learner commits a prediction before seeing the answer.

    Parameters
    ----------
    question : str or Problem
        The question; a :class:`vizlib.Problem` brings its own answer, unit,
        tolerance and worked solution.
    answer : object or callable
        The right answer, or a function of no arguments computing it from the
        model (called once, the first time the learner presses Check).
        Required unless ``question`` is a Problem.
    choices : sequence, optional
        Offer these to pick from; otherwise the learner types a number.
    tolerance, rel_tolerance : float, optional
        For numbers: absolute / relative tolerance (default: whole numbers
        exact, others within 1%).
    explanation : str or callable, optional
        Shown after committing; a callable receives the answer.
    unit : str
        Unit of a numeric answer.

    Returns
    -------
    PredictWidget
        Drive it from Python with ``.submit(value)``; read ``.revealed``,
        ``.correct``, ``.first_answer``, ``.controls``.

    Examples
    --------
    >>> from vizlib import App, Host, compare
    >>> host, app = Host(cpu_cores=16, memory_gib=64), App("web", cpus=0.5, memory_gib=0.5)
    >>> w = predict("How many VMs fit?", answer=lambda: compare(host, app).vm.max_instances, unit="VMs")
    >>> w.revealed
    False
    >>> print(w.submit("20").message)
    Not quite: you answered 20 VMs, the model says 16 VMs; yours is 4 too high.
    >>> w.correct
    False
    """
    if isinstance(question, Problem):
        if answer is not None or choices is not None:
            raise ValueError("answer and choices come from the Problem; do not pass them with a Problem")
        p = question
        spec = PredictQuestion(
            p.text, p.answer, None, p.tolerance if tolerance is None else tolerance,
            p.rel_tolerance if rel_tolerance is None else rel_tolerance,
            explanation if explanation is not None else (lambda _a: "How:\n" + p.solution()), p.unit,
        )
    else:
        if answer is None:
            raise ValueError("answer is required: a value, or a function that computes it from the model")
        spec = PredictQuestion(
            question, answer, None if choices is None else tuple(choices), tolerance, rel_tolerance, explanation, unit,
        )
    return PredictWidget(spec)


# ---------------------------------------------------------------------------
# quizzes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with feedback for every choice.

    Parameters
    ----------
    prompt : str
    choices : tuple of str
        At least two, all different.
    correct : int
        Index of the right choice.
    feedback : tuple of str
        One line per choice: why it is right, or why it is wrong.

    Examples
    --------
    >>> q = Question("How many kernels do 3 containers on one host use?", ("1", "3", "4"), 0,
    ...              ("Right: they share the host's kernel.", "Containers do not boot kernels.",
    ...               "There is no guest kernel at all."))
    >>> q.evaluate("3").correct
    False
    """

    prompt: str
    choices: tuple[str, ...]
    correct: int
    feedback: tuple[str, ...]

    def __post_init__(self) -> None:
        _text("prompt", self.prompt)
        for name in ("choices", "feedback"):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
                raise TypeError(f"{name} must be a list or tuple of strings, got {value!r}")
            object.__setattr__(self, name, tuple(value))
            for i, item in enumerate(getattr(self, name)):
                _text(f"{name}[{i}]", item)
        if len(self.choices) < 2:
            raise ValueError(f"choices must have at least 2 entries, got {len(self.choices)}")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError(f"choices must be distinct, got {self.choices!r}")
        if len(self.feedback) != len(self.choices):
            raise ValueError(
                f"feedback must have one entry per choice ({len(self.choices)}), got {len(self.feedback)}"
            )
        if isinstance(self.correct, bool) or not isinstance(self.correct, int) or not 0 <= self.correct < len(
            self.choices
        ):
            raise ValueError(f"correct must be an index from 0 to {len(self.choices) - 1}, got {self.correct!r}")

    def index(self, choice: int | str) -> int:
        """The index of ``choice`` (an index, or the choice's text)."""
        if isinstance(choice, int) and not isinstance(choice, bool):
            if 0 <= choice < len(self.choices):
                return choice
        elif isinstance(choice, str):
            for i, c in enumerate(self.choices):
                if c.strip().casefold() == choice.strip().casefold():
                    return i
        raise ValueError(
            f"choice must be an index from 0 to {len(self.choices) - 1} or one of "
            f"{', '.join(repr(c) for c in self.choices)}; got {choice!r}"
        )

    def evaluate(self, choice: int | str) -> Feedback:
        """Judge ``choice`` (stateless): the verdict and that choice's feedback."""
        try:
            i = self.index(choice)
        except ValueError as e:
            return Feedback(False, False, str(e))
        ok = i == self.correct
        head = "Correct." if ok else "Not quite."
        return Feedback(True, ok, f"{head} {self.feedback[i]}", self.choices[i], self.choices[self.correct])


class QuizWidget(TextRepr, widgets.VBox):
    """A quiz. Make one with :func:`quiz`.

    Attributes
    ----------
    questions : tuple of Question
    controls : list of dict
        Per question: ``"choice"`` (RadioButtons) and ``"check"`` (Button).
    feedback : list of ipywidgets.HTML
        Per question; empty until it is answered.
    """

    def __init__(self, questions: tuple[Question, ...], title: str = "Quiz"):
        self.questions = questions
        self.controls: list[dict[str, widgets.Widget]] = []
        self.feedback: list[widgets.HTML] = []
        self._first: list[Feedback | None] = [None] * len(questions)
        rows: list[widgets.Widget] = [widgets.HTML(f"<b>{html.escape(title)}</b>")]
        for i, q in enumerate(questions):
            radio = widgets.RadioButtons(options=[(c, j) for j, c in enumerate(q.choices)], value=None,
                                         layout=widgets.Layout(width="auto"))
            button = widgets.Button(description="Check", tooltip="check this answer")
            button.on_click(lambda _b, i=i: self._on_check(i))
            out = widgets.HTML(_NOT_SHOWN)
            self.controls.append({"choice": radio, "check": button})
            self.feedback.append(out)
            # the button sits under the choices, so it stays in one place whatever their length
            rows.append(widgets.VBox([widgets.HTML(f"<p>{i + 1}. {html.escape(q.prompt)}</p>"), radio, button, out]))
        self._score = widgets.HTML(self._score_text())
        rows.append(self._score)
        self._title = title
        super().__init__(rows, layout=widgets.Layout(border="1px solid var(--jp-border-color2, #ccc)", padding="6px"))
        self.add_class("vz-quiz")

    def __repr__(self) -> str:
        """The questions and choices as text (what a static view of the notebook shows), never the answers."""
        lines = [f"{self._title} (answer in the widget, or with vizlib.check(quiz, [answers]))"]
        for i, q in enumerate(self.questions, 1):
            lines.append(f"{i}. {q.prompt}")
            lines += [f"   {chr(97 + j)}) {c}" for j, c in enumerate(q.choices)]
        return "\n".join(lines)

    @property
    def score(self) -> int:
        """Questions whose first answer was right."""
        return sum(1 for f in self._first if f is not None and f.correct)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        """Questions with at least one answer."""
        return sum(1 for f in self._first if f is not None)

    def _score_text(self) -> str:
        return (
            f"<p class='vz-quiz-score'>Score: {self.score} / {self.total} first tries right "
            f"({self.answered} of {self.total} answered)</p>"
        )

    def answer(self, question: int, choice: int | str) -> Feedback:
        """Answer question ``question`` (0-based) with ``choice`` (index or text); returns the feedback.

        Only the first answer to each question counts towards the score.
        """
        if isinstance(question, bool) or not isinstance(question, int) or not 0 <= question < self.total:
            raise ValueError(f"question must be an index from 0 to {self.total - 1}, got {question!r}")
        fb = self.questions[question].evaluate(choice)
        if fb.accepted:
            self.controls[question]["choice"].value = self.questions[question].index(choice)
            if self._first[question] is None:
                self._first[question] = fb
            else:
                fb = Feedback(True, fb.correct, fb.message + " (Only your first answer counts for the score.)",
                              fb.given, fb.expected)
        self.feedback[question].value = feedback_html(fb)
        self._score.value = self._score_text()
        return fb

    def _on_check(self, i: int) -> None:
        try:
            value = self.controls[i]["choice"].value
            if value is None:
                self.feedback[i].value = feedback_html(Feedback(False, False, "Pick one of the choices first."))
                return
            self.answer(i, value)
        except Exception as e:  # widgets never show tracebacks
            self.feedback[i].value = feedback_html(Feedback(False, False, f"Sorry, this could not be checked: {e}"))


def quiz(questions: Sequence[Question], *, title: str = "Quiz") -> QuizWidget:
    """A multiple-choice quiz with feedback on every choice and a score.

    Parameters
    ----------
    questions : sequence of Question
    title : str

    Examples
    --------
    >>> q = Question("Which shares the host kernel?", ("a VM", "a container"), 1,
    ...                 ("A VM boots its own guest kernel.", "Right: containers are processes on the host kernel."))
    >>> w = quiz([q])
    >>> w.answer(0, "a VM").correct, w.score
    (False, 0)
    """
    qs = tuple(questions) if isinstance(questions, Sequence) and not isinstance(questions, str) else None
    if not qs:
        raise ValueError(f"questions must be a non-empty list of vizlib.Question, got {questions!r}")
    for i, q in enumerate(qs):
        if not isinstance(q, Question):
            raise TypeError(f"questions[{i}] must be a vizlib.Question, got {q!r} ({type(q).__name__})")
    return QuizWidget(qs, _text("title", title))


# ---------------------------------------------------------------------------
# plain fallback
# ---------------------------------------------------------------------------


def check(question: Any, value: object) -> str:
    """Check an answer without widgets; returns the same feedback text.

    Parameters
    ----------
    question : PredictWidget, PredictQuestion, Question, Problem or QuizWidget
        For a :class:`PredictWidget` or :class:`QuizWidget` the answer is
        recorded as if given in the widget.
    value : object
        The answer; for a quiz, one answer per question (a list).

    Examples
    --------
    >>> from vizlib.exercises.problems import problem
    >>> print(check(problem("kernels", seed=1), "5"))
    Correct: 5 kernels.
    """
    if isinstance(question, PredictWidget):
        return question.submit(value).message
    if isinstance(question, (PredictQuestion, Question)):
        return question.evaluate(value).message
    if isinstance(question, Problem):
        return question.check(value).message
    if isinstance(question, QuizWidget):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != question.total:
            raise ValueError(f"value must be a list of {question.total} answers, one per question, got {value!r}")
        lines = [f"{i + 1}. {question.answer(i, a).message}" for i, a in enumerate(value)]
        return "\n".join(lines + [f"Score: {question.score} / {question.total} first tries right."])
    raise TypeError(
        "question must be a PredictWidget, PredictQuestion, Question, Problem or QuizWidget, "
        f"got {question!r} ({type(question).__name__})"
    )
