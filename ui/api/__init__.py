"""The XR network API: REST + WebSocket events (protocol v1), an OpenAI-compatible chat
endpoint, API keys, and the WebXR demo page. Build the app with
:func:`ui.api.app.create_app`; run it with ``python app.py serve``."""


def create_app(*args, **kwargs):  # lazy: importing ui.api must not import FastAPI
    from ui.api.app import create_app as build

    return build(*args, **kwargs)
