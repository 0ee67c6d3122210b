"""Flask-JWT-Extended 4.7 as an oracle for the interop tests.

Reads a JSON list of requests on stdin and writes a JSON list of answers on stdout,
one per request, in order. Each request runs against a Flask app configured with
the request's "config" (Flask config keys, e.g. JWT_SECRET_KEY):

  {"op": "mint", "config": {...}, "kind": "access" | "refresh", "identity": <any>,
   "fresh": <bool or seconds>, "expires_delta": <seconds, false or null>,
   "additional_claims": {...} | null, "additional_headers": {...} | null}
      -> {"token": "<JWT>"}

  {"op": "decode", "config": {...}, "token": "<JWT>", "csrf_value": <str or null>,
   "allow_expired": <bool>}
      -> {"status": 200, "body": {"claims": {...}, "header": {...}}}
       | {"status": <4xx/500>, "body": <the error answer Flask-JWT-Extended sends>}

  {"op": "request", "config": {...}, "method": "GET", "path": "/protected?...",
   "headers": {...}, "cookies": {...}, "body": <str or null>}
      -> {"status": ..., "body": ...} from routes /protected (jwt_required),
         /fresh (fresh=True), /refresh (refresh=True), /optional (optional=True),
         each answering {"claims": get_jwt(), "header": get_jwt_header()}.

Error answers go through the app's real error handlers (registered by JWTManager),
so statuses and messages are Flask-JWT-Extended's own, not copies.
"""

import datetime
import json
import sys
import warnings

from flask import Flask, jsonify, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    decode_token,
    get_jwt,
    get_jwt_header,
    jwt_required,
)

warnings.simplefilter("ignore")
_apps = {}


def make_app(config):
    key = json.dumps(config, sort_keys=True)
    if key in _apps:
        return _apps[key]
    app = Flask("fje_oracle")
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    for name, value in config.items():
        if name in ("JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES") and value is not False:
            value = datetime.timedelta(seconds=value)
        app.config[name] = value
    JWTManager(app)

    def answer():
        return jsonify(claims=get_jwt(), header=get_jwt_header())

    @app.route("/decode", methods=["POST"])
    def decode_route():
        data = request.get_json()
        claims = decode_token(
            data["token"],
            csrf_value=data.get("csrf_value"),
            allow_expired=data.get("allow_expired", False),
        )
        from flask_jwt_extended.utils import get_unverified_jwt_headers

        return jsonify(claims=claims, header=get_unverified_jwt_headers(data["token"]))

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    app.add_url_rule("/protected", "protected", jwt_required()(answer), methods=methods)
    app.add_url_rule("/fresh", "fresh", jwt_required(fresh=True)(answer), methods=methods)
    app.add_url_rule("/refresh", "refresh", jwt_required(refresh=True)(answer), methods=methods)
    app.add_url_rule("/optional", "optional", jwt_required(optional=True)(answer), methods=methods)
    _apps[key] = app
    return app


def mint(app, req):
    create = create_refresh_token if req.get("kind") == "refresh" else create_access_token
    kwargs = {}
    if "fresh" in req:
        fresh = req["fresh"]
        kwargs["fresh"] = fresh if isinstance(fresh, bool) else datetime.timedelta(seconds=fresh)
    if "expires_delta" in req and req["expires_delta"] is not None:
        delta = req["expires_delta"]
        kwargs["expires_delta"] = False if delta is False else datetime.timedelta(seconds=delta)
    if req.get("additional_claims") is not None:
        kwargs["additional_claims"] = req["additional_claims"]
    if req.get("additional_headers") is not None:
        kwargs["additional_headers"] = req["additional_headers"]
    if create is create_refresh_token:
        kwargs.pop("fresh", None)
    with app.app_context():
        return {"token": create(req["identity"], **kwargs)}


def respond(response):
    text = response.get_data(as_text=True)
    try:
        body = json.loads(text)
    except ValueError:
        body = text
    return {"status": response.status_code, "body": body}


def run(req):
    app = make_app(req.get("config", {}))
    op = req["op"]
    if op == "mint":
        return mint(app, req)
    client = app.test_client()
    if op == "decode":
        payload = {
            "token": req["token"],
            "csrf_value": req.get("csrf_value"),
            "allow_expired": req.get("allow_expired", False),
        }
        return respond(client.post("/decode", json=payload))
    if op == "request":
        for name, value in (req.get("cookies") or {}).items():
            client.set_cookie(name, value)
        response = client.open(
            req["path"],
            method=req.get("method", "GET"),
            headers=req.get("headers") or {},
            data=req.get("body"),
        )
        return respond(response)
    raise ValueError(f"unknown op {op!r}")


def main():
    answers = []
    for req in json.load(sys.stdin):
        try:
            answers.append(run(req))
        except Exception as exc:  # reported to the test, which fails with it
            answers.append({"error": f"{type(exc).__name__}: {exc}"})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
