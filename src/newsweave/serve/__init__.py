"""The web face of newsweave: a local server with a JSON API and server-rendered HTML pages.

Both are thin layers over :class:`newsweave.api.Corpus`, in the style of datasette: every page
links to its JSON twin under ``/api``. Start it with ``newsweave serve`` or::

    from newsweave.serve import create_app
    create_app("newsweave.db").run(port=8001)
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from newsweave.serve import api, pages
from newsweave.serve.context import DB_KEY, BadRequest, NotFound, close_corpus

__all__ = ["create_app"]

_API_HINTS = {
    404: "see the endpoints at /api",
    405: "corrections are POST requests with a JSON body; everything else is GET",
}


def create_app(db_path: str | Path) -> Flask:
    """A Flask app serving the newsweave database at ``db_path`` (which must exist)."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no database at {path}: run `newsweave ingest PATH --db {path}` first")
    app = Flask(__name__)
    app.config[DB_KEY] = str(path.resolve())
    app.config["NEWSWEAVE_DB_NAME"] = path.name
    # Records keep their field order and non-ASCII text, as in the CLI's --json output.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.register_blueprint(api.blueprint)
    app.register_blueprint(pages.blueprint)
    app.teardown_appcontext(close_corpus)

    def is_api() -> bool:
        return request.path == "/api" or request.path.startswith("/api/")

    def failure(status: int, message: str, hint: str) -> tuple[Response | str, int]:
        if is_api():
            return jsonify({"error": message, "hint": hint}), status
        return render_template("error.html", status=status, message=message, hint=hint), status

    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest) -> tuple[Response | str, int]:
        return failure(400, str(exc), exc.hint)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> tuple[Response | str, int]:
        return failure(404, str(exc), exc.hint)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int]:
        status = exc.code or 500
        hint = _API_HINTS.get(status, "see the endpoints at /api") if is_api() else "check the address"
        return failure(status, exc.description or exc.name, hint)

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> tuple[Response | str, int]:
        app.logger.exception("error answering %s", request.path)
        return failure(500, f"internal error: {type(exc).__name__}: {exc}", "see the server's log")

    return app
