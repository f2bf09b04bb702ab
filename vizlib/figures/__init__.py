"""Plotly figures: pure functions of model state, drawn from layout geometry and catalogue words."""
