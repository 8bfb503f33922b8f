"""Check a bag in the browser: the ZIP the export job gives (or any casefile bag zipped) is
unpacked into a private temporary folder and checked as ``casefile verify-bag DIR --vkey K``
checks it (``export.verify_bag.verify_bag``): every file's hash, completeness, every event's
inclusion proof against the bag's checkpoint, the checkpoint's signature and the signed
manifest of the whole bag. By default the key is pinned to this workspace's own ledger key;
emptied, the bag's own key is used and the page says it was not pinned.

Nothing is recorded: like the CLI's verify-bag, checking a bag reads the bag only, and the
unpacked copy is removed before the answer is sent.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from casefile.errors import CasefileError
from casefile.web.jobs.common import (
    Job,
    files,
    need,
    read_form,
    refused,
    render,
    run_action,
    text,
    workspace,
)
from casefile.web.security import Principal

job = Job()
router = job.router
PAGE = "jobs/verify_bag.html"
MAX_ENTRIES = 100_000
UNPACKED_PER_UPLOADED = 8  # a bag's files are mostly compressed evidence: ZIP gains little
CHUNK = 1 << 20


def _data(request: Request) -> dict[str, Any]:
    return {"form": {"vkey": workspace(request).verifier.to_vkey()}, "own_vkey": True}


@job.get("/jobs/verify-bag", "items.verify")
def verify_bag_form(request: Request, p: Principal = Depends(need("items.verify"))) -> Response:
    return render(request, PAGE, _data(request))


def _member_parts(info: zipfile.ZipInfo) -> tuple[str, ...]:
    """The path of a ZIP member as folder names, or a clear error for one that would land
    outside the folder it is unpacked into (absolute, '..', a drive, a link)."""
    name = info.filename
    parts = PurePosixPath(name).parts
    if (
        not parts
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or ":" in parts[0]
        or "\x00" in name
    ):
        raise CasefileError(f"the ZIP holds a path that is not inside the bag: {name[:200]!r}")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise CasefileError(f"the ZIP holds a symbolic link ({name[:200]!r}): a bag has none")
    return parts


def unpack(archive: Path, into: Path, limit: int) -> Path:
    """The ZIP unpacked into ``into`` (at most ``limit`` bytes and MAX_ENTRIES members, paths
    kept inside it); returns the bag's folder: ``into`` or its one folder with bagit.txt."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            if len(members) > MAX_ENTRIES:
                raise CasefileError(f"the ZIP holds more than {MAX_ENTRIES} files")
            written = 0
            for info in members:
                target = into.joinpath(*_member_parts(info))
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with z.open(info) as src, target.open("xb") as out:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        if written > limit:
                            raise CasefileError(
                                f"the ZIP unpacks to more than {limit / (1 << 20):.0f} MB: "
                                "check a bag this large with 'casefile verify-bag'"
                            )
                        out.write(chunk)
    except zipfile.BadZipFile:
        raise CasefileError(
            "this is not a ZIP file: choose the bag's ZIP as the export job gives it"
        ) from None
    except FileExistsError as exc:
        raise CasefileError(
            f"the ZIP holds {Path(exc.filename).name} twice (or as a file and as a folder)"
        ) from None
    except (NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
        raise CasefileError(f"the ZIP is damaged or encrypted ({exc})") from None
    except OSError as exc:
        raise CasefileError(f"the ZIP could not be unpacked ({exc.strerror or exc})") from None
    if (into / "bagit.txt").is_file():
        return into
    found = [d for d in into.iterdir() if d.is_dir() and (d / "bagit.txt").is_file()]
    if len(found) != 1:
        raise CasefileError(
            "no bag in this ZIP (no bagit.txt at its top or in its one folder): choose the ZIP "
            "of a bag exported by casefile"
        )
    return found[0]


def check_bag(stream: Any, vkey: str | None, limit: int) -> dict[str, Any]:
    """The uploaded ZIP checked as 'casefile verify-bag'; its unpacked copy removed after."""
    from casefile.export.verify_bag import verify_bag

    work = Path(tempfile.mkdtemp(prefix="casefile-web-bag-"))
    try:
        archive = work / "bag.zip"
        with archive.open("wb") as out:
            shutil.copyfileobj(stream, out)
        unpacked = work / "unpacked"
        unpacked.mkdir()
        bag = unpack(archive, unpacked, limit)
        report = verify_bag(bag, vkey)
        # The temporary folder is no part of the answer: paths are the bag's own.
        inside = [str(bag) + "/", str(bag)]
        problems = []
        for problem in report.problems:
            for prefix in inside:
                problem = problem.replace(prefix, "")
            problems.append(problem)
        return {
            "ok": report.ok,
            "bag": bag.name if bag != unpacked else "",
            "items": report.items,
            "events": report.events,
            "checkpoint_size": report.checkpoint_size,
            "origin": report.origin,
            "vkey": report.vkey,
            "key_pinned": report.key_pinned,
            "sealed": report.sealed,
            "problems": problems,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


@job.post("/jobs/verify-bag", "items.verify")
async def verify_bag_job(
    request: Request, p: Principal = Depends(need("items.verify"))
) -> Response:
    """``casefile verify-bag BAG --vkey KEY`` on an uploaded ZIP of the bag."""
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    form = await read_form(request, p, max_files=1 if multipart else 0)
    data = _data(request)
    try:
        vkey = data["form"]["vkey"] = text(form, "vkey", 2000)
        data["own_vkey"] = vkey == workspace(request).verifier.to_vkey()
        chosen = files(form, "bag")
        if not chosen:
            raise CasefileError("choose the bag's ZIP file")
        limit = UNPACKED_PER_UPLOADED * int(request.app.state.web.max_upload)
        result = await run_action(check_bag, chosen[0].file, vkey or None, limit)
    except CasefileError as exc:
        return refused(request, PAGE, data, str(exc))
    finally:
        await form.close()
    data["result"] = {**result, "name": chosen[0].filename}
    return render(request, PAGE, data)
