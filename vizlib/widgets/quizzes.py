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

The widgets' own words (buttons, verdicts, the score) come from the message
catalogue and follow :func:`vizlib.set_language`, feedback already shown
included; questions, choices and explanations are the lesson's own text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from vizlib.exercises.problems import (
    Feedback,
    Problem,
    amount_text,
    feedback_html,
    judge_number,
    parse_number,
    text_html,
    unit_word,
)
from vizlib.text.catalog import on_language_change, t, tp

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
        return amount_text(value, unit)
    return f"{value} {unit}" if unit else str(value)


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
        """The choice ``value`` names, or ``_UNSET``."""
        for c in self.choices:
            if value == c and type(value) is not bool:
                return c
        if isinstance(value, str):
            for c in self.choices:
                if str(c).strip().casefold() == value.strip().casefold():
                    return c
        return _UNSET

    def evaluate(self, value: object, expected: Any = _UNSET) -> Feedback:
        """Judge ``value`` (stateless). ``expected`` skips recomputing the answer."""
        exp = self.expected() if expected is _UNSET else expected
        if self.choices is not None:
            given = self._choice(value)
            if given is _UNSET:
                return Feedback(False, False, t("{value} is not one of the choices: {choices}", value=repr(value),
                                                choices=", ".join(str(c) for c in self.choices)))
            ok = given == exp
            verdict = (
                t("Correct: {answer}.", answer=_show(exp))
                if ok
                else t("Not quite: you picked {given}; the answer is {answer}.", given=_show(given),
                       answer=_show(exp))
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

    ``problem``, when the question was made from a :class:`vizlib.Problem`, is
    where the prompt is read from each time it is shown, so that it follows
    :func:`vizlib.set_language` like the rest of the widget.
    """

    def __init__(self, question: PredictQuestion, problem: Problem | None = None):
        self.question = question
        self._problem = problem
        self._prompt = widgets.HTML(self._prompt_html())
        if question.choices is None:
            box = widgets.Text(value="", continuous_update=False, layout=widgets.Layout(width="320px"))
        else:
            box = widgets.RadioButtons(options=[(str(c), i) for i, c in enumerate(question.choices)], value=None,
                                       description="", layout=widgets.Layout(width="auto"))
        button = widgets.Button(button_style="primary")
        button.on_click(lambda _b: self._on_check())
        self.feedback = widgets.HTML(_NOT_SHOWN)
        self.controls = {"answer": box, "check": button}
        self._label()
        self._expected: Any = _UNSET
        self._answers: list[Any] = []
        self._first: Feedback | None = None
        self._saying: Callable[[], Feedback] | None = None  # makes the feedback shown, to say it again
        super().__init__([self._prompt, widgets.HBox([box, button]), self.feedback],
                         layout=widgets.Layout(border="1px solid var(--jp-border-color2, #ccc)", padding="6px"))
        self.add_class("vz-predict")
        on_language_change(self)

    def _prompt_text(self) -> str:
        """The question, in the current language when it comes from a problem."""
        return self.question.prompt if self._problem is None else self._problem.text

    def _prompt_html(self) -> str:
        first, _, rest = self._prompt_text().partition("\n")
        return (f"<div class='vz-predict-prompt'><b>{html.escape(tp('predict', 'Predict:'))}</b> "
                f"{html.escape(first)}{text_html(rest)}</div>")

    def _label(self) -> None:
        """The widget's own words, in the current language."""
        box, button = self.controls["answer"], self.controls["check"]
        if self.question.choices is None:
            unit = self.question.unit
            box.placeholder = t("your prediction ({unit})", unit=unit_word(unit)) if unit else t("your prediction")
            box.description = tp("predict", "Answer")
        button.description = tp("button", "Check")
        button.tooltip = t("commit your answer and see")

    def language_changed(self) -> None:
        """Say the widget's words and the feedback shown again in the current language (called by
        :func:`vizlib.set_language`)."""
        self._prompt.value = self._prompt_html()
        self._label()
        _say_again(self.feedback, self._saying)

    def __repr__(self) -> str:
        """The question as text (what a static view of the notebook shows), never the answer."""
        q = self.question
        choices = "".join(f"\n   {chr(97 + j)}) {c}" for j, c in enumerate(q.choices)) if q.choices else ""
        if q.choices:
            how = t("(pick one in the widget and press Check, or call .submit(value))")
        elif q.unit:
            how = t("(type a number ({unit}) in the widget and press Check, or call .submit(value))",
                    unit=unit_word(q.unit))
        else:
            how = t("(type a number in the widget and press Check, or call .submit(value))")
        return f"{t('Predict: {question}', question=self._prompt_text())}{choices}\n{how}"

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
        first = self._first
        fb = self._say(lambda: self._judge(value, first))
        if fb.accepted:
            self._show_choice(fb.given, value)
            self._answers.append(fb.given)
            if self._first is None:
                self._first = fb
        return fb

    def _judge(self, value: object, first: Feedback | None) -> Feedback:
        """The feedback on ``value``, given the first recorded answer before it (``None`` if it is the first)."""
        fb = self.question.evaluate(value, self._expected)
        if fb.accepted and first is not None:
            kept = t("Your first answer ({answer}) stays recorded.", answer=_show(first.given, self.question.unit))
            fb = Feedback(True, fb.correct, f"{fb.message}\n{kept}", fb.given, fb.expected)
        return fb

    def _say(self, feedback: Callable[[], Feedback]) -> Feedback:
        """Show ``feedback()``, and keep ``feedback`` to say it again when the language changes."""
        self._saying = feedback
        fb = feedback()
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
                self._say(lambda: Feedback(False, False, t("Pick one of the choices first.")))
                return
            else:
                value = self.question.choices[box.value]
            self.submit(value)
        except Exception as e:  # widgets never show tracebacks
            self._say(lambda e=e: Feedback(False, False, t("Sorry, this question could not be checked: {error}",
                                                           error=e)))


def _say_again(out: widgets.HTML, feedback: Callable[[], Feedback] | None) -> None:
    """Show ``feedback()`` again in ``out`` (in the current language); keep what is shown if that fails."""
    if feedback is None:
        return
    try:
        out.value = feedback_html(feedback())
    except Exception:  # an explanation that fails now: the feedback shown stays, in the language it was given in
        pass


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
            explanation if explanation is not None else (lambda _a: tp("solution", "How:") + "\n" + p.solution()),
            p.unit,
        )
    else:
        if answer is None:
            raise ValueError("answer is required: a value, or a function that computes it from the model")
        spec = PredictQuestion(
            question, answer, None if choices is None else tuple(choices), tolerance, rel_tolerance, explanation, unit,
        )
    return PredictWidget(spec, problem=question if isinstance(question, Problem) else None)


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
        except ValueError:
            return Feedback(False, False, t(
                "choice must be an index from 0 to {last} or one of {choices}; got {choice}",
                last=len(self.choices) - 1, choices=", ".join(repr(c) for c in self.choices), choice=repr(choice)))
        ok = i == self.correct
        why = self.feedback[i]
        said = t("Correct. {feedback}", feedback=why) if ok else t("Not quite. {feedback}", feedback=why)
        return Feedback(True, ok, said, self.choices[i], self.choices[self.correct])


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

    def __init__(self, questions: tuple[Question, ...], title: str | None = None):
        self.questions = questions
        self.controls: list[dict[str, widgets.Widget]] = []
        self.feedback: list[widgets.HTML] = []
        self._first: list[Feedback | None] = [None] * len(questions)
        self._saying: list[Callable[[], Feedback] | None] = [None] * len(questions)  # to say feedback again
        self._title = title
        self._head = widgets.HTML(f"<b>{html.escape(self.title)}</b>")
        rows: list[widgets.Widget] = [self._head]
        for i, q in enumerate(questions):
            radio = widgets.RadioButtons(options=[(c, j) for j, c in enumerate(q.choices)], value=None,
                                         layout=widgets.Layout(width="auto"))
            button = widgets.Button()
            button.on_click(lambda _b, i=i: self._on_check(i))
            out = widgets.HTML(_NOT_SHOWN)
            self.controls.append({"choice": radio, "check": button})
            self.feedback.append(out)
            # the button sits under the choices, so it stays in one place whatever their length
            rows.append(widgets.VBox([widgets.HTML(f"<p>{i + 1}. {html.escape(q.prompt)}</p>"), radio, button, out]))
        self._label()
        self._score = widgets.HTML(self._score_text())
        rows.append(self._score)
        super().__init__(rows, layout=widgets.Layout(border="1px solid var(--jp-border-color2, #ccc)", padding="6px"))
        self.add_class("vz-quiz")
        on_language_change(self)

    @property
    def title(self) -> str:
        """The quiz's title: the one given, or "Quiz" in the current language."""
        return tp("quiz", "Quiz") if self._title is None else self._title

    def _label(self) -> None:
        for c in self.controls:
            c["check"].description = tp("button", "Check")
            c["check"].tooltip = t("check this answer")

    def language_changed(self) -> None:
        """Say the quiz's words, the feedback shown and the score again in the current language (called by
        :func:`vizlib.set_language`)."""
        self._head.value = f"<b>{html.escape(self.title)}</b>"
        self._label()
        for out, saying in zip(self.feedback, self._saying, strict=True):
            _say_again(out, saying)
        self._score.value = self._score_text()

    def __repr__(self) -> str:
        """The questions and choices as text (what a static view of the notebook shows), never the answers."""
        lines = [t("{title} (answer in the widget, or with vizlib.check(quiz, [answers]))", title=self.title)]
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
        score = t("Score: {score} / {total} first tries right ({answered} of {total} answered)",
                  score=self.score, total=self.total, answered=self.answered)
        return f"<p class='vz-quiz-score'>{score}</p>"

    def answer(self, question: int, choice: int | str) -> Feedback:
        """Answer question ``question`` (0-based) with ``choice`` (index or text); returns the feedback.

        Only the first answer to each question counts towards the score.
        """
        if isinstance(question, bool) or not isinstance(question, int) or not 0 <= question < self.total:
            raise ValueError(f"question must be an index from 0 to {self.total - 1}, got {question!r}")
        again = self._first[question] is not None
        fb = self._say(question, lambda: self._judge(question, choice, again))
        if fb.accepted:
            self.controls[question]["choice"].value = self.questions[question].index(choice)
            if self._first[question] is None:
                self._first[question] = fb
        self._score.value = self._score_text()
        return fb

    def _judge(self, question: int, choice: int | str, again: bool) -> Feedback:
        """The feedback on ``choice``; ``again`` when the question was answered before."""
        fb = self.questions[question].evaluate(choice)
        if fb.accepted and again:
            only = t("(Only your first answer counts for the score.)")
            fb = Feedback(True, fb.correct, f"{fb.message} {only}", fb.given, fb.expected)
        return fb

    def _say(self, question: int, feedback: Callable[[], Feedback]) -> Feedback:
        """Show ``feedback()`` under ``question``, and keep ``feedback`` to say it again when the language changes."""
        self._saying[question] = feedback
        fb = feedback()
        self.feedback[question].value = feedback_html(fb)
        return fb

    def _on_check(self, i: int) -> None:
        try:
            value = self.controls[i]["choice"].value
            if value is None:
                self._say(i, lambda: Feedback(False, False, t("Pick one of the choices first.")))
                return
            self.answer(i, value)
        except Exception as e:  # widgets never show tracebacks
            self._say(i, lambda e=e: Feedback(False, False, t("Sorry, this could not be checked: {error}", error=e)))


def quiz(questions: Sequence[Question], *, title: str | None = None) -> QuizWidget:
    """A multiple-choice quiz with feedback on every choice and a score.

    Parameters
    ----------
    questions : sequence of Question
    title : str, optional
        Default: "Quiz", in the current language.

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
    return QuizWidget(qs, None if title is None else _text("title", title))


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
        score = t("Score: {score} / {total} first tries right.", score=question.score, total=question.total)
        return "\n".join([*lines, score])
    raise TypeError(
        "question must be a PredictWidget, PredictQuestion, Question, Problem or QuizWidget, "
        f"got {question!r} ({type(question).__name__})"
    )
