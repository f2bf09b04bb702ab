"""Side tools: what the learner's own machine is, and whether the course's environment is complete."""
