"""The people API in Flask: the twin of examples/people_api.rs.

The same contract, written as a Flask team would with Flask-JWT-Extended 4.7.4 and
Flask-Login 0.6.3, for the differential tests (tests/people_api/flask_twin.rs): both
servers get the same environment, the same requests, and must give the same answers,
and each accepts the other's tokens.

Settings, from the environment as the Rust server reads them: BIND (host:port, port 0
for a free one), JWT_SECRET_KEY (required here), JWT_ALGORITHM, JWT_TOKEN_LOCATION,
JWT_IDENTITY_CLAIM, JWT_ACCESS_TOKEN_EXPIRES, JWT_REFRESH_TOKEN_EXPIRES (seconds),
JWT_COOKIE_CSRF_PROTECT (true/false). Prints "listening on http://ADDR" when ready.

Users live in memory (one process, one test); passwords are hashed with werkzeug.
"""

import datetime
import os
import sys
import threading

from flask import Flask, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_current_user,
    get_jwt,
    jwt_required,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
)
from flask_login import LoginManager, UserMixin, current_user, login_user
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.serving import make_server


class Person(UserMixin):
    def __init__(self, email, password_hash):
        self.email = email
        self.password_hash = password_hash

    def get_id(self):
        return self.email


PEOPLE = {}
REVOKED = set()
LOCK = threading.Lock()


class NoSessionCookie(SecureCookieSessionInterface):
    """What Flask-Login makes a token API fight for: no cookie session, ever.
    `login_user` still writes to the session; it is never sent."""

    def save_session(self, app, session, response):
        return None


def settings_from_env(app):
    secret = os.environ.get("JWT_SECRET_KEY")
    if not secret:
        sys.exit("JWT_SECRET_KEY must be set for the Flask twin")
    app.config["SECRET_KEY"] = secret
    app.config["JWT_SECRET_KEY"] = secret
    app.config["JWT_ALGORITHM"] = os.environ.get("JWT_ALGORITHM", "HS256")
    locations = os.environ.get("JWT_TOKEN_LOCATION", "headers")
    app.config["JWT_TOKEN_LOCATION"] = [item.strip() for item in locations.split(",")]
    app.config["JWT_IDENTITY_CLAIM"] = os.environ.get("JWT_IDENTITY_CLAIM", "sub")
    for name, default in (("JWT_ACCESS_TOKEN_EXPIRES", 900), ("JWT_REFRESH_TOKEN_EXPIRES", 2592000)):
        app.config[name] = datetime.timedelta(seconds=int(os.environ.get(name, default)))
    protect = os.environ.get("JWT_COOKIE_CSRF_PROTECT", "true").strip().lower()
    app.config["JWT_COOKIE_CSRF_PROTECT"] = protect in ("true", "1")


def create_app():
    app = Flask("people_api")
    settings_from_env(app)
    app.session_interface = NoSessionCookie()
    jwt = JWTManager(app)
    login_manager = LoginManager(app)
    uses_cookies = "cookies" in app.config["JWT_TOKEN_LOCATION"]

    @jwt.user_lookup_loader
    def find_person(_header, payload):
        with LOCK:
            return PEOPLE.get(payload[app.config["JWT_IDENTITY_CLAIM"]])

    @jwt.token_in_blocklist_loader
    def is_revoked(_header, payload):
        with LOCK:
            return payload["jti"] in REVOKED

    @login_manager.user_loader
    def load_user(email):
        with LOCK:
            return PEOPLE.get(email)

    @login_manager.request_loader
    def user_from_token(_request):
        # Flask-Login's current_user is the user that Flask-JWT-Extended loaded.
        return get_current_user()

    def message(status, msg):
        return jsonify(msg=msg), status

    class BadRequest(Exception):
        pass

    @app.errorhandler(BadRequest)
    def bad_request(err):
        return message(400, str(err))

    @app.errorhandler(404)
    def not_found(_err):
        return message(404, "Not found")

    @app.errorhandler(405)
    def method_not_allowed(_err):
        return message(405, "Method not allowed")

    def json_object():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise BadRequest("The request body must be a JSON object")
        return body

    def text(body, field):
        value = body.get(field)
        if not isinstance(value, str) or not value:
            raise BadRequest(f'"{field}" must be a non-empty string')
        return value

    def flag(body, field):
        if field not in body:
            return False
        value = body[field]
        if not isinstance(value, bool):
            raise BadRequest(f'"{field}" must be true or false')
        return value

    @app.post("/signup")
    def signup():
        body = json_object()
        email, password = text(body, "email"), text(body, "password")
        password_hash = generate_password_hash(password)
        with LOCK:
            if email in PEOPLE:
                return message(409, "Email already registered")
            PEOPLE[email] = Person(email, password_hash)
        return message(201, "Signed up successfully!")

    @app.post("/login")
    def login():
        body = json_object()
        email, password = text(body, "email"), text(body, "password")
        remember = flag(body, "remember")
        with LOCK:
            person = PEOPLE.get(email)
        if person is None or not check_password_hash(person.password_hash, password):
            return message(401, "Bad email or password")
        access_token = create_access_token(identity=email, fresh=True)
        answer = {"msg": "Logged in successfully!", "access_token": access_token}
        refresh_token = None
        if remember:
            refresh_token = create_refresh_token(identity=email)
            answer["refresh_token"] = refresh_token
        # `remember` here asks for a refresh token; Flask-Login's remember cookie
        # would be a second, cookie-based login, which a token API does not want.
        login_user(person)
        response = jsonify(answer)
        if uses_cookies:
            set_access_cookies(response, access_token)
            if refresh_token is not None:
                set_refresh_cookies(response, refresh_token)
        return response

    @app.route("/me", methods=["GET", "POST"])
    @jwt_required()
    def me():
        return jsonify(email=current_user.email)

    @app.delete("/me")
    @jwt_required()
    def delete_me():
        with LOCK:
            PEOPLE.pop(current_user.email, None)
        return message(200, "Account deleted")

    @app.route("/optional", methods=["GET", "POST"])
    @jwt_required(optional=True)
    def optional():
        email = current_user.email if current_user.is_authenticated else None
        return jsonify(email=email)

    @app.post("/fresh")
    @jwt_required(fresh=True)
    def fresh():
        return message(200, "fresh")

    @app.post("/refresh")
    @jwt_required(refresh=True)
    def refresh():
        access_token = create_access_token(identity=current_user.email)
        response = jsonify(access_token=access_token)
        if uses_cookies:
            set_access_cookies(response, access_token)
        return response

    @app.post("/logout")
    @jwt_required()
    def logout():
        with LOCK:
            REVOKED.add(get_jwt()["jti"])
        response = jsonify(msg="Logged out")
        if uses_cookies:
            unset_jwt_cookies(response)
        return response

    return app


def main():
    host, _, port = os.environ.get("BIND", "127.0.0.1:3000").rpartition(":")
    server = make_server(host, int(port), create_app(), threaded=True)
    print(f"listening on http://{host}:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
