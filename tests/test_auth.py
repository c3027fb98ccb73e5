import sqlalchemy as sa

from cocreate.auth.models import User
from cocreate.auth.permissions import Role
from cocreate.extensions import db

from .conftest import TEST_PASSWORD


def get_user(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email))


def test_password_is_stored_hashed(app, make_user):
    _id, email = make_user("researcher")
    user = get_user(app, email)
    assert TEST_PASSWORD not in user.password_hash
    with app.app_context():
        assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_login_and_logout(client, auth, make_user):
    _id, email = make_user("facilitator", display_name="Facilitator CY 1")
    response = auth.login(email)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Facilitator CY 1" in page and "Sign out" in page

    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/projects/").status_code == 302  # back to the login page


def test_login_email_is_case_insensitive(auth, make_user):
    _id, email = make_user("facilitator")
    assert auth.login(email.upper()).status_code == 302


def test_bad_login_says_so_without_telling_which_part_was_wrong(client, auth, make_user):
    _id, email = make_user("facilitator")
    for attempt in (auth.login(email, "wrong password"), auth.login("nobody@test.example")):
        assert attempt.status_code == 401
        assert "The email or password is not correct." in attempt.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not signed in: sent to the login page


def test_bad_login_is_translated(client, auth, make_user):
    _id, email = make_user("facilitator")
    client.get("/login?lang=es")
    response = auth.login(email, "wrong password")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'lang="es"' in page and "The email or password is not correct." not in page


def test_disabled_account_cannot_sign_in(app, auth, make_user):
    user_id, email = make_user("facilitator")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    assert auth.login(email).status_code == 401


def test_logout_needs_post(client, auth):
    auth.login_as("researcher")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200  # still signed in


def test_change_password(app, client, auth):
    email = auth.login_as("researcher")
    form = {"password-current_password": TEST_PASSWORD, "password-new_password": "a much longer secret",
            "password-confirm": "a much longer secret", "password-submit": "1"}

    wrong = client.post("/account", data={**form, "password-current_password": "nope"})
    assert "The current password is not correct." in wrong.get_data(as_text=True)
    short = client.post("/account", data={**form, "password-new_password": "short", "password-confirm": "short"})
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    mismatch = client.post("/account", data={**form, "password-confirm": "something else entirely"})
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    with app.app_context():
        assert get_user(app, email).check_password(TEST_PASSWORD)

    assert client.post("/account", data=form).status_code == 302
    auth.logout()
    assert auth.login(email, TEST_PASSWORD).status_code == 401
    assert auth.login(email, "a much longer secret").status_code == 302


def test_language_preference_is_used_at_next_sign_in(app, client, auth):
    email = auth.login_as("researcher")
    response = client.post("/account", data={"preferences-locale": "el", "preferences-submit_preferences": "1"})
    assert response.status_code == 302
    assert get_user(app, email).locale == "el"
    auth.logout()
    fresh = app.test_client()
    fresh.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert 'lang="el"' in fresh.get("/").get_data(as_text=True)


def test_admin_creates_and_edits_accounts(app, client, auth):
    admin_email = auth.login_as("admin")
    response = client.post("/users/new", data={
        "email": "New.Officer@Test.example", "display_name": "Officer, Health service", "role": "officer",
        "organisation": "Health service", "locale": "ar", "active": "y", "password": "long enough secret"})
    assert response.status_code == 302
    officer = get_user(app, "new.officer@test.example")
    assert officer.role == Role.OFFICER and officer.locale == "ar"

    taken = client.post("/users/new", data={
        "email": admin_email, "display_name": "x", "role": "officer", "locale": "en", "password": "long enough secret"})
    assert "An account with this email already exists." in taken.get_data(as_text=True)
    no_password = client.post("/users/new", data={
        "email": "b@test.example", "display_name": "b", "role": "officer", "locale": "en"})
    assert "Set a first password for the new account." in no_password.get_data(as_text=True)
    assert get_user(app, "b@test.example") is None

    response = client.post(f"/users/{officer.id}/edit", data={
        "email": officer.email, "display_name": "Officer", "role": "researcher", "organisation": "",
        "locale": "en", "password": ""})
    assert response.status_code == 302
    edited = get_user(app, officer.email)
    assert edited.role == Role.RESEARCHER and not edited.active  # unchecked box = disabled
    assert client.get("/users/9999/edit").status_code == 404


def test_admin_cannot_lock_themselves_out(app, client, auth):
    email = auth.login_as("admin")
    me = get_user(app, email)
    response = client.post(f"/users/{me.id}/edit", data={
        "email": email, "display_name": "Me", "role": "researcher", "locale": "en", "active": "y"})
    assert "You cannot remove your own administrator access." in response.get_data(as_text=True)
    assert get_user(app, email).role == Role.ADMIN


def test_create_user_command(app, runner):
    result = runner.invoke(args=["create-user", "--email", "Fac@Test.example", "--role", "facilitator",
                                 "--password", "long enough secret"])
    assert result.exit_code == 0, result.output
    assert "Created facilitator account fac@test.example" in result.output
    assert get_user(app, "fac@test.example").check_password("long enough secret")


def test_create_user_command_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["create-user", "--email", "r@test.example", "--role", "researcher"],
                           input="long enough secret\nlong enough secret\n")
    assert result.exit_code == 0, result.output
    assert "long enough secret" not in result.output


def test_create_user_command_refuses_bad_input(app, runner, make_user):
    _id, email = make_user("admin")
    duplicate = runner.invoke(args=["create-user", "--email", email, "--role", "admin", "--password", "long enough secret"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    weak = runner.invoke(args=["create-user", "--email", "w@test.example", "--role", "admin", "--password", "short"])
    assert weak.exit_code != 0 and "at least 10 characters" in weak.output
    role = runner.invoke(args=["create-user", "--email", "x@test.example", "--role", "king", "--password", "long enough secret"])
    assert role.exit_code != 0
    assert get_user(app, "w@test.example") is None and get_user(app, "x@test.example") is None


def test_csrf_token_is_required(tmp_path, make_user):
    from cocreate import create_app
    from cocreate.config import TestConfig

    app = create_app(TestConfig, WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'csrf.db'}")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.post("/login?lang=fr", data={"email": "a@test.example", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'lang="fr"' in page and "Traceback" not in page and "This form has expired" not in page
    with app.app_context():
        db.engine.dispose()


def test_repeated_failures_pause_the_client_and_not_the_account(app, client, auth, make_user):
    """Five wrong passwords from anyone used to lock the account, the right password included, for everyone."""
    from cocreate.auth import services

    _id, email = make_user("facilitator")
    wrong = [auth.login(email, "a wrong guess") for _ in range(services.ACCOUNT_ATTEMPTS)]
    assert all(response.status_code == 401 for response in wrong)
    paused = auth.login(email)  # this client waits, even with the right password
    assert paused.status_code == 429 and paused.headers["Retry-After"] == "900"
    assert "Too many failed sign-ins from this device. Try again in 15 minutes." in paused.get_data(as_text=True)
    assert client.get("/account").status_code == 302

    colleague = app.test_client()  # the person themselves, from their own device
    colleague.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert colleague.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302
    assert colleague.get("/account").status_code == 200


def test_unknown_emails_count_like_wrong_passwords_and_look_alike(client, auth, make_user):
    from cocreate.auth import services

    _id, email = make_user("facilitator")
    unknown = [auth.login("nobody@test.example", "a wrong guess") for _ in range(services.ACCOUNT_ATTEMPTS)]
    known = [auth.login(email, "a wrong guess") for _ in range(services.ACCOUNT_ATTEMPTS)]
    for response in (*unknown, *known):
        assert response.status_code == 401
        assert "The email or password is not correct." in response.get_data(as_text=True)
    assert auth.login("nobody@test.example").status_code == auth.login(email).status_code == 429


def test_one_client_trying_many_accounts_gets_slower_answers_then_a_pause(app, make_user):
    """Nothing limited one client trying every account."""
    from datetime import datetime, timedelta, timezone

    from cocreate.auth import services

    _id, email = make_user("facilitator")
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    with app.app_context():
        for n in range(services.CLIENT_FREE):
            assert services.authenticate(f"guess{n}@test.example", "x", client="198.51.100.4", now=start) is None
        waits = []
        now = start
        for _ in range(5):
            try:
                services.authenticate(email, "a wrong guess", client="198.51.100.4", now=now)
            except services.SignInPaused as paused:
                waits.append(paused.wait)
                now += paused.wait
                assert services.authenticate(f"other{len(waits)}@test.example", "x", client="198.51.100.4",
                                             now=now) is None
        assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 15)]
        # another client is not held up, and the right password from it signs in
        assert services.authenticate(email, TEST_PASSWORD, client="192.0.2.7", now=now) is not None
        # the pause ends: after the window, the failures no longer count
        later = now + services.CLIENT_WINDOW + timedelta(minutes=1)
        assert services.authenticate(email, TEST_PASSWORD, client="198.51.100.4", now=later) is not None


def test_the_pause_is_translated(client, auth, make_user):
    from cocreate.auth import services

    _id, email = make_user("facilitator")
    client.get("/login?lang=ar")
    for _ in range(services.ACCOUNT_ATTEMPTS):
        auth.login(email, "a wrong guess")
    page = auth.login(email).get_data(as_text=True)
    assert 'lang="ar"' in page and "Too many failed sign-ins" not in page and "15" in page


def test_a_success_resets_the_count_of_failures(auth, make_user, app):
    _id, email = make_user("facilitator")
    for _ in range(3):
        auth.login(email, "a wrong guess")
    assert auth.login(email).status_code == 302
    auth.logout()
    for _ in range(3):
        auth.login(email, "a wrong guess")
    assert auth.login(email).status_code == 302


def test_sign_out_forgets_a_remembered_device(client, auth, make_user):
    _id, email = make_user("admin")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    auth.logout()
    assert client.get_cookie("remember_token") is None
    assert client.get("/users").status_code == 302  # to the login page


def test_sign_out_ends_the_session_for_kept_copies_of_its_cookies(app, client, make_user):
    """The probe kept the session cookie and the remember-me cookie: both still opened /account after sign-out."""
    _id, email = make_user("researcher")
    client.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    kept = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    assert client.get("/account").status_code == 200
    client.post("/logout")
    for cookies in ({"session": kept["session"]}, {"remember_token": kept["remember_token"]}, kept):
        thief = app.test_client()
        for name, value in cookies.items():
            thief.set_cookie(name, value)
        assert thief.get("/account").status_code == 302, cookies.keys()


def test_disabling_an_account_signs_it_out_everywhere(app, client, auth, make_user):
    user_id, email = make_user("facilitator")
    device = app.test_client()
    device.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    assert device.get("/account").status_code == 200
    auth.login_as("admin")
    client.post(f"/users/{user_id}/edit", data={"email": email, "display_name": "F", "role": "facilitator",
                                                "locale": "en"})  # "active" unticked
    assert device.get("/account").status_code == 302


def test_a_password_change_signs_out_other_devices(app, client, auth, make_user):
    _id, email = make_user("researcher")
    other_device = app.test_client()
    other_device.post("/login", data={"email": email, "password": TEST_PASSWORD, "remember": "y"})
    assert other_device.get("/account").status_code == 200

    auth.login(email)
    client.post("/account", data={"password-current_password": TEST_PASSWORD,
                                  "password-new_password": "another long secret",
                                  "password-confirm": "another long secret", "password-submit": "1"})
    assert client.get("/account").status_code == 200  # this device stays signed in
    assert other_device.get("/account").status_code == 302  # the other one, remembered or not, does not


def test_a_forged_session_id_signs_nobody_in(app, make_user):
    from cocreate.auth import services
    from cocreate.auth.models import load_user

    user_id, _email = make_user("admin")
    with app.test_request_context():
        assert load_user(str(user_id)) is None
        assert load_user(f"{user_id}.0000") is None
        assert load_user("x.y") is None
        user = db.session.get(User, user_id)
        services.start_sign_in(user)
        assert load_user(user.get_id()) == user
        assert load_user(f"{user_id + 1}.{user.sign_in_token}") is None  # another account with this token
        services.end_sign_in(user)
        assert load_user(user.get_id()) is None


def test_common_and_personal_passwords_are_refused(app, client, auth):
    """`aaaaaaaaaa` and the user's own email were accepted as passwords."""
    from cocreate.auth import services

    with app.app_context():
        for password in ("aaaaaaaaaa", "ana.lopez@test.example", "password123", "qwertyuiop"):
            try:
                services.create_user("ana.lopez@test.example", "researcher", password, display_name="Ana Lopez",
                                     actor=None)
            except services.AccountError as error:
                assert "too easy to guess" in str(error) or "at least" in str(error), password
            else:
                raise AssertionError(f"{password!r} was accepted")
        assert services.create_user("ana.lopez@test.example", "researcher", "olive kettle morning",
                                    actor=None) is not None
    auth.login_as("admin")
    client.get("/users/new?lang=fr")
    page = client.post("/users/new", data={"email": "x@test.example", "display_name": "X", "role": "researcher",
                                           "locale": "en", "active": "y", "password": "aaaaaaaaaa"})
    text = page.get_data(as_text=True)
    assert "facile à deviner" in text
    assert get_user(app, "x@test.example") is None


def test_sign_ins_that_ended_or_ran_out_are_forgotten_at_the_next_sign_in(app, make_user):
    from datetime import datetime, timedelta, timezone

    from cocreate.auth import services
    from cocreate.auth.models import SignIn, token_digest

    user_id, _email = make_user("researcher")
    with app.test_request_context():
        user = db.session.get(User, user_id)
        services.start_sign_in(user)
        services.end_sign_in(user)
        old = datetime.now(timezone.utc) - timedelta(days=2)
        db.session.execute(sa.update(SignIn).values(started_at=old, ended_at=old))
        services.start_sign_in(user)  # another device, still signed in
        live = user.sign_in_token
        db.session.commit()
        services.start_sign_in(user)
        rows = db.session.scalars(sa.select(SignIn.token_digest).where(SignIn.user_id == user_id)).all()
        assert len(rows) == 2 and token_digest(live) in rows


def test_guesses_at_one_account_from_many_clients_pause_strangers_but_not_the_persons_devices(app, make_user):
    """Nothing limited many clients trying one account: each stayed under its own limit."""
    from cocreate.auth import services
    from cocreate.auth.views import DEVICE_COOKIE

    _id, email = make_user("facilitator")
    own_device = app.test_client()
    own_device.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert own_device.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302
    assert own_device.get_cookie(DEVICE_COOKIE) is not None
    own_device.post("/logout")

    for n in range(services.ACCOUNT_WIDE_FREE):  # a botnet: each address tries a couple of times
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"203.0.113.{n // 2}"
        assert attacker.post("/login", data={"email": email, "password": f"guess {n}"}).status_code == 401
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "198.51.100.200"
    paused = stranger.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert paused.status_code == 429 and paused.headers["Retry-After"] == "60"
    assert "Too many failed sign-ins to this account from elsewhere." in paused.get_data(as_text=True)
    forged = app.test_client()
    forged.environ_base["REMOTE_ADDR"] = "198.51.100.201"
    forged.set_cookie(DEVICE_COOKIE, "WyJhYmMiXQ.forged")
    assert forged.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 429

    # the person, on the device they signed in from before, is not held up
    assert own_device.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302
    assert own_device.get("/account").status_code == 200
    # and another account is not held up for strangers either
    _other, colleague = make_user("researcher")
    assert stranger.post("/login", data={"email": colleague, "password": TEST_PASSWORD}).status_code == 302


def test_the_account_wide_pause_doubles_and_ends(app, make_user):
    from datetime import datetime, timedelta, timezone

    from cocreate.auth import services

    _id, email = make_user("facilitator")
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    with app.app_context():
        for n in range(services.ACCOUNT_WIDE_FREE):
            assert services.authenticate(email, "x", client=f"203.0.113.{n}", now=start) is None
        assert services.sign_in_wait("198.51.100.9", email, start) == timedelta(minutes=1)
        assert services.sign_in_wait("198.51.100.9", email, start, known_device=True) is None
        assert services.authenticate(email, "x", client="203.0.113.99", now=start + timedelta(minutes=1)) is None
        assert services.sign_in_wait("198.51.100.9", email, start + timedelta(minutes=1)) == timedelta(minutes=2)
        later = start + services.ACCOUNT_WIDE_WINDOW + timedelta(minutes=2)
        assert services.authenticate(email, TEST_PASSWORD, client="198.51.100.9", now=later) is not None


def test_a_device_remembers_a_few_accounts(app):
    from cocreate.auth import services

    with app.test_request_context():
        cookie = None
        for n in range(services.KNOWN_DEVICE_ACCOUNTS + 2):
            cookie = services.device_cookie(cookie, f"person{n}@test.example")
        assert services.is_known_device(cookie, "PERSON6@test.example ")
        assert not services.is_known_device(cookie, "person0@test.example")
        assert len(services.known_accounts(cookie)) == services.KNOWN_DEVICE_ACCOUNTS
        assert services.known_accounts("not signed") == [] and services.known_accounts(None) == []
