"""The review web page (``kpo serve``): FastAPI, server-rendered Jinja2 pages, little JavaScript.

``create_app(ServeSettings(...))`` builds the application; ``kpo serve`` runs it with
uvicorn. See kpo/web/app.py.

May import: the core, kpo.review and kpo.deliver. Never kpo.cli or the engine
(kpo.jobs). Its front door for other faces is kpo.web.app and kpo.web.settings.
"""

from kpo.web.settings import ServeSettings

__all__ = ["ServeSettings"]
