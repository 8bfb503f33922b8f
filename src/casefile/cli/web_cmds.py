"""casefile serve | user add/list/disable/enable | token create/list/revoke: the web application
and its accounts."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casefile.cli.common import console, err_console, open_workspace
from casefile.errors import CasefileError

user_app = typer.Typer(help="Accounts of the web application.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[int, typer.Option(help="Largest upload, in MB.")] = 200,
    tile_url: Annotated[
        str | None,
        typer.Option(
            help="OSM tile URL template for the map, e.g. https://tile.example/{z}/{x}/{y}.png"
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (each opens the workspace).")
    ] = 1,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Mark cookies Secure (default: only when the request came over https).",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Addresses of your reverse proxies (comma-separated, or '*'): only requests "
            "from them may set the client address and scheme with X-Forwarded-For and "
            "X-Forwarded-Proto. Default: those headers are ignored.",
        ),
    ] = None,
) -> None:
    """Serve the web application over this workspace."""
    import uvicorn

    from casefile.web.app import create_app

    ws = open_workspace(ctx)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(
            f"[yellow]listening on {escape(host)}:[/] put a TLS proxy in front of it "
            "and use --secure-cookies"
        )
    console.print(f"casefile web on http://{host}:{port}/ (workspace {escape(str(ws.root))})")
    proxy = proxy_options(forwarded_allow_ips)
    if workers > 1:
        import os

        os.environ["CASEFILE_HOME"] = str(ws.root)
        os.environ["CASEFILE_WEB_MAX_UPLOAD"] = str(max_upload_mb << 20)
        if tile_url:
            os.environ["CASEFILE_WEB_TILE_URL"] = tile_url
        if secure_cookies is not None:
            os.environ["CASEFILE_WEB_SECURE_COOKIES"] = "1" if secure_cookies else "0"
        ws.close()
        # uvicorn's own supervisor: one listening socket, N processes, crashed ones restarted.
        uvicorn.run(
            "casefile.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            **proxy,
        )
        return
    app = create_app(
        ws, max_upload=max_upload_mb << 20, tile_url=tile_url, secure_cookies=secure_cookies
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", **proxy)


def proxy_options(forwarded_allow_ips: str | None) -> dict[str, Any]:
    """uvicorn's proxy settings: X-Forwarded-* honoured only from the addresses given (uvicorn
    would otherwise trust them from 127.0.0.1, or from $FORWARDED_ALLOW_IPS, by default, and a
    client there could pick the address its failed logins are counted under)."""
    ips = (forwarded_allow_ips or "").strip()
    if not ips:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ips}


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        pw = sys.stdin.readline().rstrip("\r\n")
        if not pw:
            raise CasefileError("no password on standard input")
        return pw
    pw = typer.prompt("Password", hide_input=True)
    again = typer.prompt("Repeat the password", hide_input=True)
    if pw != again:
        raise CasefileError("the two passwords differ")
    return str(pw)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="admin, investigator, analyst or viewer.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account (a 'user_created' ledger event); the password is hashed with argon2."""
    from casefile.web.accounts import add_user, check_name, check_role

    check_name(name)
    check_role(role)
    ws = open_workspace(ctx)
    user = add_user(ws, name, role, _read_password(password_stdin))
    console.print(f"created user {escape(user.name)} ({user.role})")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the accounts and their roles."""
    from casefile.web.accounts import list_users

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = list_users(conn)
    if as_json:
        console.print_json(data=[u.as_json() for u in found])
        return
    table = Table("name", "role", "active", title=f"{len(found)} users")
    for u in found:
        table.add_row(escape(u.name), u.role, "yes" if u.active else "no")
    console.print(table)


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
) -> None:
    """Create an API token (shown once; send it as 'Authorization: Bearer TOKEN')."""
    from casefile.web.accounts import create_token

    ws = open_workspace(ctx)
    token = create_token(ws, user, label)
    err_console.print(f"API token for {escape(user)} (shown only now):")
    typer.echo(token)


@user_app.command("disable")
def user_disable(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    reason: Annotated[str, typer.Option(help="Why (recorded in the custody ledger).")],
) -> None:
    """Disable an account (a 'user_disabled' event): no login, sessions ended, tokens refused."""
    from casefile.web.accounts import set_user_active

    ws = open_workspace(ctx)
    user = set_user_active(ws, name, False, reason)
    console.print(f"disabled user {escape(user.name)} ({user.role})")


@user_app.command("enable")
def user_enable(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    reason: Annotated[str, typer.Option(help="Why (recorded in the custody ledger).")],
) -> None:
    """Enable a disabled account again (a 'user_enabled' event)."""
    from casefile.web.accounts import set_user_active

    ws = open_workspace(ctx)
    user = set_user_active(ws, name, True, reason)
    console.print(f"enabled user {escape(user.name)} ({user.role})")


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List API tokens (their first characters only; the secrets are not stored)."""
    from casefile.web.accounts import list_tokens

    ws = open_workspace(ctx)
    with ws.db.read() as conn:
        found = list_tokens(conn, user)
    if as_json:
        console.print_json(data=[t.as_json() for t in found])
        return
    table = Table("#", "starts with", "user", "label", "created", "revoked", title="API tokens")
    for t in found:
        table.add_row(
            str(t.id),
            escape(t.prefix) + "…",
            escape(t.user),
            escape(t.label or ""),
            t.created_at[:19],
            t.revoked_at[:19] if t.revoked_at else "",
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token: Annotated[
        str, typer.Argument(help="The token's number, its first characters (cf_…) or itself.")
    ],
    reason: Annotated[str, typer.Option(help="Why (recorded in the custody ledger).")],
) -> None:
    """Revoke an API token (an 'api_token_revoked' event): refused from then on."""
    from casefile.web.accounts import revoke_token

    ws = open_workspace(ctx)
    done = revoke_token(ws, token, reason)
    console.print(f"revoked token {done.id} ({escape(done.prefix)}…) of {escape(done.user)}")
