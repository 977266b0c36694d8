"""Start the action server: ``python -m actions.server [--port 5055]``.

The same Sanic app as ``rasa_sdk``'s own ``python -m rasa_sdk``, plus two things:

- the recommender (store, model, index) is loaded when the server starts, once, so the first
  shopper does not pay for it and a broken store stops the server with a clear message;
- the warning rasa-sdk prints on every call because its minor version (3.21) differs from the Rasa
  server's (3.6) is silenced. The webhook protocol did not change between them; we test that pairing
  end to end (``tests/e2e``), and a warning per turn would drown the real ones.
"""

from __future__ import annotations

import argparse
import logging
import os
import warnings

from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from actions.service import warm_up

logger = logging.getLogger(__name__)

#: Matches only the version-pairing warning of ``rasa_sdk.utils.check_version_compatibility``.
VERSION_WARNING = r"Your versions of rasa and rasa_sdk might not be compatible"


def silence_version_warning() -> None:
    """Ignore rasa-sdk's "versions might not be compatible" warning (see module docstring)."""
    warnings.filterwarnings("ignore", message=VERSION_WARNING, category=UserWarning)


#: Modules whose Action classes the server registers.
ACTION_MODULES = ("actions.actions", "actions.orders", "actions.handoff")


def build_app(action_modules: tuple[str, ...] = ACTION_MODULES) -> Sanic:
    """The action server app, with the recommender and database loaded before it serves."""
    silence_version_warning()
    executor = ActionExecutor()
    for module in action_modules:
        executor.register_package(module)
    app = create_app(executor)

    async def load_recommender(_app: Sanic) -> None:
        recommender = warm_up()
        logger.info("action server ready: %d items from %s", len(recommender.catalog), recommender.catalog.source)

    app.register_listener(load_recommender, "before_server_start")
    return app


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description="shop assistant action server")
    parser.add_argument("-p", "--port", type=int, default=DEFAULT_SERVER_PORT)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app()
    # One process: the recommender holds the model and index in memory once, and Ctrl-C stops it.
    app.prepare(host=args.host, port=args.port, single_process=True, motd=False, access_log=False)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
