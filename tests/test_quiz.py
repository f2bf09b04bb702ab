"""Predict-then-check widgets, quizzes and the plain fallback."""

import dataclasses
import html

import ipywidgets as widgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vizlib as vz
from vizlib.exercises.problems import judge_number, parse_number, problem
from vizlib.text.catalog import set_language
from vizlib.widgets.quizzes import PredictQuestion, PredictWidget, Question, QuizWidget, check, predict, quiz

HOST = vz.Host(cpu_cores=16, memory_gib=64)
APP = vz.App("web", cpus=0.5, memory_gib=0.5)
MARKER = "because-every-VM-boots-a-guest-OS"


def visible_strings(w: widgets.Widget) -> str:
    """Every string in the synced state of ``w`` and of all widgets below it."""
    out = []
    todo = [w]
    while todo:
        x = todo.pop()
        for key, value in x.get_state().items():
            if key in ("layout", "style") or key.startswith("_model") or key.startswith("_view"):
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                out.extend(str(v) for v in value)
        todo.extend(getattr(x, "children", ()))
    return "\n".join(out)


def vm_count():
    return vz.compare(HOST, APP).vm.max_instances


def test_answer_is_hidden_until_the_learner_commits():
    w = predict("How many VMs of this app fit?", answer=vm_count, explanation=MARKER, unit="VMs")
    assert isinstance(w, widgets.VBox) and isinstance(w, PredictWidget)
    assert not w.revealed and w.correct is None and w.first_answer is None
    before = visible_strings(w)
    assert MARKER not in before and "model says" not in before and w.feedback.value == ""
    fb = w.submit(vm_count() + 3)
    assert fb.accepted and not fb.correct and fb.expected == vm_count()
    after = visible_strings(w)
    assert MARKER in after and f"the model says {vm_count()} VMs" in after and "3 too high" in after
    assert w.revealed and w.correct is False


def test_first_answer_is_recorded_when_the_learner_changes_their_mind():
    w = predict("How many VMs?", answer=vm_count, unit="VMs")
    w.submit("10")
    fb = w.submit(str(vm_count()))
    assert fb.correct and "Your first answer (10 VMs) stays recorded" in fb.message
    assert w.correct is False and w.first_answer == 10 and w.answers == (10, vm_count())


def test_unreadable_input_is_not_recorded_and_never_evaluated(tmp_path):
    target = tmp_path / "pwned"
    w = predict("How many VMs?", answer=vm_count)
    for bad in ("abc", "2**4", f"__import__('pathlib').Path({str(target)!r}).touch()", "", "1e999", "nan"):
        fb = w.submit(bad)
        assert not fb.accepted and not fb.correct
        assert not w.revealed and w.answers == ()
    assert not target.exists()
    assert "is not a number" in w.feedback.value


def test_answer_callable_runs_once_when_first_committed():
    calls = []

    def answer():
        calls.append(1)
        return 42

    w = predict("?", answer=answer)
    assert calls == []
    w.submit("nonsense")
    w.submit(41)
    w.submit(42)
    assert calls == [1]


def test_tolerances():
    w = predict("Slowdown?", answer=lambda: 1.5)
    assert w.submit("1.51").correct  # default: 1% for non-whole answers
    assert not PredictQuestion("x", 1.5).evaluate("1.6").correct
    assert PredictQuestion("x", 1.5, tolerance=0.1).evaluate("1.6").correct
    assert PredictQuestion("x", 200, rel_tolerance=0.05).evaluate("209").correct
    assert not PredictQuestion("x", 200).evaluate("201").correct  # whole answers: exact
    assert PredictQuestion("x", 4, unit="GiB").evaluate("4 GiB").correct
    assert not PredictQuestion("x", 4, unit="GiB").evaluate("4 cores").accepted


def test_choices_widget_driven_through_its_controls():
    w = predict(
        "What runs out first for VMs of this app?",
        choices=["cpu", "memory", "disk"],
        answer=lambda: vz.compare(HOST, APP).vm.limited_by,
        explanation=lambda a: f"{a} runs out first because each VM gets a whole vCPU.",
    )
    radio, button = w.controls["answer"], w.controls["check"]
    assert isinstance(radio, widgets.RadioButtons) and radio.value is None
    assert "whole vCPU" not in visible_strings(w)
    button.click()  # nothing picked yet
    assert "Pick one" in w.feedback.value and not w.revealed
    radio.value = 1  # "memory"
    button.click()
    assert w.revealed and w.correct is False and "the answer is cpu" in w.feedback.value
    assert "whole vCPU" in w.feedback.value
    radio.value = 0
    button.click()
    assert "Correct" in w.feedback.value and w.correct is False  # the first answer stays


def test_text_widget_driven_through_its_controls():
    w = predict("How many VMs?", answer=vm_count, unit="VMs")
    assert isinstance(w.controls["answer"], widgets.Text)
    w.controls["answer"].value = f" {vm_count()} VMs "
    w.controls["check"].click()
    assert w.correct is True and "Correct" in w.feedback.value


def test_widget_shows_a_sentence_not_a_traceback_when_the_answer_fails():
    def broken():
        raise RuntimeError("model exploded")

    w = predict("?", answer=broken)
    w.controls["answer"].value = "3"
    w.controls["check"].click()  # must not raise
    assert "could not be checked" in w.feedback.value and "model exploded" in w.feedback.value
    assert "Traceback" not in w.feedback.value and not w.revealed
    with pytest.raises(RuntimeError):  # from Python, the author sees the error
        w.submit(3)


def test_predict_takes_a_problem_and_shows_its_solution():
    p = problem("vm_fit", seed=3)
    w = predict(p)
    assert w.question.prompt == p.text and p.solution() not in visible_strings(w)
    fb = w.submit(p.answer())
    assert fb.correct and p.solution() in fb.message and w.revealed
    with pytest.raises(ValueError, match="come from the Problem"):
        predict(p, answer=3)


def test_predict_validates_its_arguments():
    with pytest.raises(ValueError, match="answer is required"):
        predict("How many?")
    with pytest.raises(ValueError, match=r"answer 'x' is not one of choices \('a', 'b'\)"):
        predict("?", choices=["a", "b"], answer="x")
    with pytest.raises(ValueError, match="choices must have at least 2 entries, got 1"):
        predict("?", choices=["a"], answer="a")
    with pytest.raises(ValueError, match="tolerance must be a number >= 0 or None, got -1"):
        predict("?", answer=3, tolerance=-1)
    with pytest.raises(TypeError, match="question must be a string"):
        predict(42, answer=3)
    with pytest.raises(ValueError, match="'lots' is not a number"):
        predict("?", answer="lots")
    w = predict("?", choices=["a", "b"], answer=lambda: "zzz")
    with pytest.raises(ValueError, match="computed answer 'zzz' is not one of choices"):
        w.submit("a")


def q_kernels() -> Question:
    return Question(
        "Ten containers run on one Linux host. How many kernels are running?",
        ("1", "10", "11"),
        0,
        ("Right: all containers share the host's kernel.",
         "Containers do not boot kernels of their own; VMs do.",
         "There is no guest kernel at all, so nothing to add to the host's."),
    )


def q_type2() -> Question:
    return Question(
        "What does a type 2 hypervisor run on?",
        ("bare metal", "a host operating system"),
        1,
        ("That is a type 1 hypervisor.", "Right: it is an application on a host OS."),
    )


def test_question_is_frozen_and_validated():
    q = q_kernels()
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.correct = 1
    with pytest.raises(ValueError, match=r"feedback must have one entry per choice \(2\), got 1"):
        Question("?", ("a", "b"), 0, ("only one",))
    with pytest.raises(ValueError, match="correct must be an index from 0 to 1, got 2"):
        Question("?", ("a", "b"), 2, ("x", "y"))
    with pytest.raises(ValueError, match="choices must be distinct"):
        Question("?", ("a", "a"), 0, ("x", "y"))
    with pytest.raises(ValueError, match=r"choices\[1\] must be a non-empty string"):
        Question("?", ("a", " "), 0, ("x", "y"))
    with pytest.raises(TypeError, match="choices must be a list or tuple of strings"):
        Question("?", "ab", 0, ("x", "y"))


def test_question_feedback_says_why_each_choice_is_wrong():
    q = q_kernels()
    for i, why in enumerate(q.feedback):
        fb = q.evaluate(i)
        assert fb.correct == (i == 0) and why in fb.message
        assert q.evaluate(q.choices[i]).message == fb.message
    assert not q.evaluate(7).accepted and not q.evaluate("twelve").accepted


def test_quiz_scores_first_tries_and_hides_feedback_until_answered():
    w = quiz([q_kernels(), q_type2()], title="Lesson 1 quiz")
    assert isinstance(w, QuizWidget) and w.total == 2 and w.score == 0 and w.answered == 0
    hidden = visible_strings(w)
    assert all(f not in hidden for q in w.questions for f in q.feedback)
    assert w.answer(0, "10").correct is False
    assert "Containers do not boot kernels" in w.feedback[0].value
    assert w.answer(0, 0).correct and w.score == 0  # first try was wrong
    w.controls[1]["choice"].value = 1
    w.controls[1]["check"].click()
    assert w.score == 1 and w.answered == 2 and "Score: 1 / 2" in visible_strings(w)
    with pytest.raises(ValueError, match="question must be an index from 0 to 1, got 5"):
        w.answer(5, 0)


def test_quiz_click_without_choice_and_validation():
    w = quiz([q_type2()])
    w.controls[0]["check"].click()
    assert "Pick one" in w.feedback[0].value and w.answered == 0
    with pytest.raises(ValueError, match="questions must be a non-empty list"):
        quiz([])
    with pytest.raises(TypeError, match=r"questions\[0\] must be a vizlib.Question"):
        quiz(["What is a VM?"])


def test_check_gives_the_same_text_as_the_widgets():
    q = q_type2()
    assert check(q, 0) == q.evaluate(0).message
    spec = PredictQuestion("How many VMs?", vm_count, unit="VMs")
    assert check(spec, vm_count()) == f"Correct: {vm_count()} VMs."
    p = problem("container_fit", seed=2)
    assert check(p, p.answer()) == p.check(p.answer()).message
    w = predict("How many VMs?", answer=vm_count, unit="VMs")
    text = check(w, 1)
    assert w.revealed and w.first_answer == 1
    assert text.startswith(f"Not quite: you answered 1 VMs, the model says {vm_count()} VMs")
    assert text.split("\n")[0] in w.feedback.value
    qw = quiz([q_kernels(), q_type2()])
    out = check(qw, ["1", "bare metal"])
    assert out.splitlines()[0].startswith("1. Correct.") and out.splitlines()[-1] == "Score: 1 / 2 first tries right."
    with pytest.raises(ValueError, match="value must be a list of 2 answers"):
        check(qw, "1")
    with pytest.raises(TypeError, match="question must be a PredictWidget"):
        check("How many?", 3)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_parse_number_reads_what_python_prints(x):
    assert parse_number(repr(x)) == x
    assert judge_number(repr(x), x).correct


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_parse_number_only_ever_returns_a_finite_number_or_a_plain_error(text):
    try:
        value = parse_number(text)
    except ValueError as e:
        assert "number" in str(e)
    else:
        assert value == value and abs(value) != float("inf")


@settings(max_examples=100, deadline=None)
@given(expected=st.integers(0, 10_000), given_=st.integers(0, 10_000))
def test_whole_answers_are_exact_and_messages_say_how_far(expected, given_):
    fb = judge_number(str(given_), expected)
    assert fb.correct == (given_ == expected)
    if not fb.correct:
        assert f"{abs(given_ - expected)} too {'high' if given_ > expected else 'low'}" in fb.message


def test_controls_show_answers_given_from_python():
    w = predict("?", choices=["cpu", "memory"], answer="cpu")
    w.submit("memory")
    assert w.controls["answer"].value == 1
    t = predict("?", answer=3)
    t.submit(4)
    assert t.controls["answer"].value == "4"
    qw = quiz([q_type2()])
    assert not qw.answer(0, "a host OS").accepted and qw.controls[0]["choice"].value is None
    assert qw.answer(0, "A host operating system").correct
    assert qw.controls[0]["choice"].value == 1


def test_plain_text_view_shows_the_whole_question_and_no_answer():
    ex = vz.problem("vm_fit", seed=3)
    text = vz.predict(ex)._repr_mimebundle_()["text/plain"]
    assert ex.text in text and str(ex.answer) not in text.split(ex.text)[1]
    quiz = vz.quiz([vz.Question("Which layer is shared by containers? " * 5, ["the kernel", "a guest OS"], 0,
                                ["Right.", "No."])])
    plain = quiz._repr_mimebundle_()["text/plain"]
    assert "a) the kernel" in plain and "Right." not in plain and "vz-quiz" in quiz._dom_classes


# -- following vz.set_language (the `marked` fixture is in conftest.py) -------------------------------------


def test_predict_and_quiz_follow_set_language(marked):
    w = predict("How many VMs?", answer=vm_count, unit="VMs")
    w.submit("10")
    w.submit(str(vm_count()))
    picked = predict("What runs out first?", choices=["cpu", "memory"], answer="cpu")
    picked.controls["check"].click()  # nothing picked: "Pick one of the choices first."
    qw = quiz([q_kernels(), q_type2()])
    qw.answer(0, "10")
    qw.answer(0, 0)
    ex = problem("vm_fit", seed=3)
    from_problem = predict(ex)
    from_problem.submit(ex.answer())
    widgets_ = (w, picked, qw, from_problem)
    english = [(visible_strings(x), repr(x)) for x in widgets_]
    try:
        set_language("ko")
        assert w.controls["check"].description == "«Check»" and w.controls["answer"].description == "«Answer»"
        assert w.controls["answer"].placeholder == "«your prediction («VMs»)»"
        assert "<b>«Predict:»</b> How many VMs?" in visible_strings(w)
        assert "«Your first answer («10 VMs») stays recorded.»" in w.feedback.value  # feedback shown, said again
        assert w.correct is False and w.answers == (10, vm_count())  # nothing is answered again
        assert "«Pick one of the choices first.»" in picked.feedback.value
        assert repr(picked).endswith("«(pick one in the widget and press Check, or call .submit(value))»")
        assert qw.title == "«Quiz»" and "<b>«Quiz»</b>" in visible_strings(qw)
        assert all(c["check"].description == "«Check»" for c in qw.controls)
        assert "«Correct. Right: all containers share the host&#x27;s kernel.»" in qw.feedback[0].value
        assert "«(Only your first answer counts for the score.)»" in qw.feedback[0].value
        assert "«Score: 0 / 2 first tries right (1 of 2 answered)»" in visible_strings(qw)
        assert qw.score == 0 and qw.answered == 1
        assert check(quiz([q_type2()]), [1]).endswith("«Score: 1 / 1 first tries right.»")
        first_line = ex.text.partition("\n")[0]  # the problem's question, read again in the new language
        assert html.escape(first_line) in visible_strings(from_problem) and repr(from_problem).startswith(
            f"«Predict: {ex.text}»")
        steps = html.escape(ex.solution().split("\n")[0])  # the worked solution, read again too
        assert f"«How:»<br>{steps}" in from_problem.feedback.value
    finally:
        set_language("en")
    assert [(visible_strings(x), repr(x)) for x in widgets_] == english  # back in English, word for word
    assert quiz([q_type2()], title="Lesson quiz").title == "Lesson quiz"
