"""The model: pure Python (no plotting, no words shown to a learner), the single source of every number."""
