"""Settings come from the environment; production refuses unsafe configurations."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "equity_site.settings",
    "SECRET_KEY": "x" * 64 + "-a-real-long-random-production-key",
    "ALLOWED_HOSTS": "skoljamlikhet.example.org",
    "DEBUG": "0",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_swedish_is_the_default_language_in_stockholm_time():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _name in settings.LANGUAGES] == ["sv", "en"]


def test_a_bare_manage_py_is_development_but_the_wsgi_app_is_not():
    bare = {"PATH": os.environ["PATH"]}
    assert run_manage("check", env=bare).returncode == 0
    wsgi = subprocess.run(
        [sys.executable, "-c", "import equity_site.wsgi"],
        cwd=settings.BASE_DIR,
        env=bare,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wsgi.returncode != 0
    assert "SECRET_KEY must be set" in wsgi.stderr
