"""`herald run` as an operator meets it: clear exits, no secrets in output."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings
from tests.standin.server import ApiError, BotApiStandIn
from tests.synapse import Synapse

ROOT = Path(__file__).resolve().parent.parent


def run_herald(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "MATRIX_"))}
    clean.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'h.db'}", **env)
    command = [sys.executable, "-m", "bot", "run"]
    return subprocess.run(command, cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60, check=False)


def test_no_transport_exits_2_with_one_line_naming_the_settings(tmp_path: Path) -> None:
    result = run_herald(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "MATRIX_HOMESERVER" in result.stderr


def test_the_herald_script_is_the_same_entry_point(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("herald")
    result = subprocess.run([str(script), "run"], cwd=tmp_path, env={"PATH": os.environ["PATH"]}, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and "No transport configured" in result.stderr


async def test_a_wrong_token_is_refused_without_being_printed(tmp_path: Path, standin: BotApiStandIn) -> None:
    wrong = "990001:WRONG-secret-token"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_URL": standin.url,
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert "refused TELEGRAM_BOT_TOKEN" in stderr.decode()
    assert "WRONG-secret" not in stderr.decode()


def test_tokens_stay_out_of_repr() -> None:
    settings = Settings(telegram_bot_token="990001:very-secret", matrix_access_token="syt_secret")
    assert "very-secret" not in repr(settings) and "syt_secret" not in str(settings)


def test_lists_split_at_commas() -> None:
    settings = Settings(_env_file=None, admins=" 1, 2,,@ann:example.org ", admin_chats="-100,!room:x")
    assert settings.admins == frozenset({"1", "2", "@ann:example.org"})
    assert settings.admin_chats == ("-100", "!room:x")


def test_half_a_matrix_configuration_names_what_is_missing(tmp_path: Path) -> None:
    result = run_herald(tmp_path, MATRIX_HOMESERVER="http://127.0.0.1:9")
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "Matrix needs MATRIX_USER_ID, MATRIX_ACCESS_TOKEN as well" in result.stderr


def test_a_wrong_matrix_token_is_refused_without_being_printed(tmp_path: Path, synapse: Synapse) -> None:
    wrong = "syt_WRONG_secret_token"
    result = run_herald(
        tmp_path, MATRIX_HOMESERVER=synapse.url, MATRIX_USER_ID="@herald:herald.test", MATRIX_ACCESS_TOKEN=wrong
    )
    assert result.returncode == 2, result.stderr
    assert "the homeserver refused MATRIX_ACCESS_TOKEN" in result.stderr
    assert "WRONG_secret" not in result.stderr + result.stdout


def test_a_matrix_token_of_another_account_is_refused(tmp_path: Path, synapse: Synapse) -> None:
    account = synapse.register(f"someone-{os.getpid()}")
    result = run_herald(
        tmp_path, MATRIX_HOMESERVER=synapse.url, MATRIX_USER_ID="@herald:herald.test",
        MATRIX_ACCESS_TOKEN=account.access_token,
    )  # fmt: skip
    assert result.returncode == 2 and f"belongs to {account.user_id}, not MATRIX_USER_ID" in result.stderr
    assert account.access_token not in result.stderr


def test_an_unknown_log_level_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    result = run_herald(tmp_path, LOG_LEVEL="verbose", TELEGRAM_BOT_TOKEN="1:x", TELEGRAM_API_URL="http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "LOG_LEVEL" in result.stderr and "'verbose'" in result.stderr and "DEBUG, INFO" in result.stderr


def test_log_levels_are_read_in_any_case() -> None:
    assert Settings(_env_file=None, log_level=" warning ").log_level == "WARNING"


def test_a_refused_configuration_loads_no_chat_library(tmp_path: Path) -> None:
    probe = (
        "import os, sys\nfrom bot import cli\ncodes = []\n"
        "for env in ({}, {'LOG_LEVEL': 'verbose', 'TELEGRAM_BOT_TOKEN': '1:x'}):\n"
        "    os.environ.update(env)\n"
        "    try:\n        codes.append(cli.main(['run']))\n"
        "    except SystemExit as stop:\n        codes.append(stop.code)\n"
        "print(codes, sorted({m.split('.')[0] for m in sys.modules} & {'aiogram', 'mautrix', 'aiohttp', 'alembic'}))"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "MATRIX_", "LOG_"))}
    env = {**clean, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.stdout.strip() == "[2, 2] []", result.stdout + result.stderr


async def test_a_server_error_at_start_exits_in_one_logged_line_without_the_token(
    tmp_path: Path, standin: BotApiStandIn
) -> None:
    def busy(method: str, _params: dict[str, Any]) -> ApiError | None:
        leak = f"Internal Server Error: upstream /bot{standin.token}/getMe"  # a proxy's error page quoting the URL
        return ApiError(500, leak) if method == "getMe" else None

    standin.fault = busy
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": standin.token, "TELEGRAM_API_URL": standin.url,
           "TELEGRAM_START_SECONDS": "0.5", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 90)
    output = stdout.decode() + stderr.decode()
    assert process.returncode == 1, output
    secret = standin.token.partition(":")[2]
    assert secret not in output and "Traceback" not in output, output
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "cannot reach the Bot API" in errors[0] and "Internal Server Error" in errors[0], output
