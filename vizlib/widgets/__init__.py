"""Dashboards and quizzes: controls wired to the model, updating figures in place."""
