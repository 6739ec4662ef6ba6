"""The WebXR demo page (``/xr``) and its locally installed three.js (``/xr/vendor/three``).

three.js comes from npm at setup time (``make setup`` installs it under ``.node/``); nothing
is loaded from a CDN. Files are served by Starlette's ``StaticFiles``, which resolves every
path and refuses anything outside its directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

XR_DIR = Path(__file__).resolve().parent.parent / "xr"
REPO_ROOT = Path(__file__).resolve().parents[2]


def three_dir() -> Path:
    """Where the npm package ``three`` is: ``$ATELIER_NODE_MODULES/three`` or ``.node/node_modules/three``."""
    modules = Path(os.environ.get("ATELIER_NODE_MODULES", REPO_ROOT / ".node" / "node_modules"))
    return modules / "three"


def mount_xr(app: FastAPI) -> None:
    three = three_dir()

    @app.get("/xr", include_in_schema=False)
    def xr_page():
        if not (three / "build" / "three.module.js").is_file():
            return HTMLResponse(status_code=503, content=(
                "<h1>three.js is not installed</h1><p>run <code>make setup</code> (it runs "
                "<code>npm install --no-save --prefix .node three</code>) and restart the server</p>"))
        return FileResponse(XR_DIR / "index.html", media_type="text/html")

    app.mount("/xr/app", StaticFiles(directory=XR_DIR, check_dir=True), name="xr-app")
    if three.is_dir():
        app.mount("/xr/vendor/three", StaticFiles(directory=three), name="xr-three")
