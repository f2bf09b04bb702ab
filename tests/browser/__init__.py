"""Browser tests: the course driven in JupyterLab in headless Chromium."""
