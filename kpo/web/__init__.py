"""The review web page (``kpo serve``): FastAPI, server-rendered Jinja2 pages, little JavaScript.

``create_app(ServeSettings(...))`` builds the application; ``kpo serve`` runs it with
uvicorn. See kpo/web/app.py.
"""

from kpo.web.settings import ServeSettings

__all__ = ["ServeSettings"]
