//! Python: pip, uv, poetry, pipenv, virtualenvs and interpreter settings.
