"""Checks the container image and compose.yaml without Docker, by following the Dockerfile.

Docker may not run where the tests run (no daemon, no registry), so this script does what
`docker build` and `docker run` would do, reading every fact from the Dockerfile, .dockerignore
and compose.yaml themselves, so that the check and the files cannot drift apart:

1. The Dockerfile: the final stage runs as a non-root user, listens on the port it exposes, keeps
   its SQLite database in its volume, and its health check asks that port.
2. compose.yaml: two openwork services on one PostgreSQL, with the same admin token, waiting for
   PostgreSQL (and each other) to be healthy.
3. The builder stage's `cargo build`, run through scripts/cargo-executable in the debug profile
   (the release profile builds the same code, only slower; the test shares the debug build with
   the rest of the tests). Every source file the binary was built from must be in the build
   context the Dockerfile copies and not left out by .dockerignore.
4. `ldd` on the binary: it may need only the libraries the final stage's base image has.
5. A temporary root laid out like the final image: the binary (stripped as the builder strips it)
   and the data directory where the Dockerfile's COPY lines put them, owned as they say, and
   the libraries from step 4. The server runs in it (chroot) as the image's user, with exactly
   the image's environment and command (the listen address moved to 127.0.0.1 and a free
   port); the image's health check must pass; a Feishu tenant token and a find_by_page call
   must answer; the SQLite database must be in the volume; SIGTERM must stop it cleanly.
6. When PostgreSQL answers (TEST_DATABASE_URL, or 127.0.0.1:5432), compose.yaml's two replicas
   run the same way on a new database, started in the order of their `depends_on`: a fixture
   loaded through one replica's admin API must be read through the other.

Any failed step stops the script with exit status 1 and a message saying what went wrong.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import secrets
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BINARY = "openwork"

# The demo world's Feishu app and semester (README, "A five-minute tour").
DEMO_APP_ID = "cli_de30c0de00000001"
DEMO_APP_SECRET = "openwork-demo-secret"
DEMO_SEMESTER = "7235911950407352321"

# The shared libraries each final base image provides. A base image not listed here has to be
# added, with what it holds, before the check can vouch for it.
GLIBC = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
         "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
RUNTIME_LIBRARIES = {
    "gcr.io/distroless/cc-debian12": GLIBC | {"libgcc_s.so.1"},
}
# A builder and a final image of the same Debian release share one glibc.
DEBIAN_RELEASES = {"bookworm": "debian12", "trixie": "debian13"}

# How long the server may take to print its banner, and to stop after SIGTERM.
START_TIMEOUT = 60
STOP_TIMEOUT = 30


class CheckFailed(Exception):
    """A step failed; the message says what, in the reader's terms."""


def step(message: str) -> None:
    print(f"check-image: {message}", flush=True)


# --- Dockerfile ---------------------------------------------------------------------------------


@dataclass
class Instruction:
    keyword: str
    flags: dict[str, str]
    args: str


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def logical_lines(text: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comment lines dropped."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def split_flags(args: str) -> tuple[dict[str, str], str]:
    """`--name=value` flags before an instruction's arguments."""
    flags = {}
    while args.startswith("--"):
        token, _, args = args.partition(" ")
        name, _, value = token[2:].partition("=")
        flags[name] = value
        args = args.lstrip()
    return flags, args


def read_dockerfile(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for line in logical_lines(path.read_text()):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        flags, args = split_flags(rest.strip())
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif not stages:
            raise CheckFailed(f"Dockerfile: `{line}` comes before the first FROM")
        else:
            stages[-1].instructions.append(Instruction(keyword, flags, args))
    if len(stages) < 2:
        raise CheckFailed("Dockerfile: expected a builder stage and a final stage")
    return stages


def exec_form(what: str, args: str) -> list[str]:
    """A JSON-array command: the final image has no shell to run any other form."""
    try:
        command = json.loads(args)
    except json.JSONDecodeError:
        command = None
    if not (isinstance(command, list) and all(isinstance(a, str) for a in command)):
        raise CheckFailed(
            f"Dockerfile: {what} must be a JSON array (exec form), not `{args}`: "
            "the final image has no shell to run it"
        )
    return command


def seconds(duration: str) -> float:
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", duration)
    if not parts or "".join(n + u for n, u in parts) != duration:
        raise CheckFailed(f"Dockerfile: `{duration}` is not a duration like 10s or 1m30s")
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * scale[u] for n, u in parts)


@dataclass
class HealthCheck:
    command: list[str]
    interval: float
    timeout: float
    start_period: float
    retries: int

    def deadline(self) -> float:
        """How long Docker waits before it calls a starting container unhealthy."""
        return self.start_period + self.interval * self.retries


def parse_healthcheck(instruction: Instruction) -> HealthCheck:
    kind, _, command = instruction.args.partition(" ")
    if kind.upper() != "CMD":
        raise CheckFailed(f"Dockerfile: HEALTHCHECK {instruction.args} runs no command")
    options = instruction.flags
    return HealthCheck(
        command=exec_form("HEALTHCHECK CMD", command.strip()),
        interval=seconds(options.get("interval", "30s")),
        timeout=seconds(options.get("timeout", "30s")),
        start_period=seconds(options.get("start-period", "0s")),
        retries=int(options.get("retries", "3")),
    )


def parse_env(args: str) -> dict[str, str]:
    words = shlex.split(args)
    if words and "=" not in words[0]:  # the old `ENV KEY value` form
        return {words[0]: " ".join(words[1:])}
    return dict(word.split("=", 1) for word in words)


@dataclass
class Image:
    """What the Dockerfile says about building and running the image."""

    builder: Stage
    final: Stage
    cargo_args: list[str]
    # Paths in the builder: the binary copied out of cargo's target dir; directories it makes.
    builder_binary: str
    builder_dirs: set[str]
    # `strip`'s options, when the builder strips the binary.
    strip: list[str] | None
    context_sources: list[str]
    env: dict[str, str]
    uid: int
    gid: int
    port: int
    volumes: list[str]
    command: list[str]
    healthcheck: HealthCheck
    workdir: str


def follow_builder_run(builder: Stage) -> tuple[list[str], str, set[str], list[str] | None]:
    """The builder's RUN steps: its `cargo build`, where it copies the binary to, how it strips
    it, and the directories it makes."""
    workdir = "/"
    cargo_args, binary, dirs, strip = None, None, set(), None
    for instruction in builder.instructions:
        if instruction.keyword == "WORKDIR":
            workdir = posixpath.join(workdir, instruction.args)
        if instruction.keyword != "RUN":
            continue
        for command in instruction.args.split("&&"):
            words = shlex.split(command)
            if words[:2] == ["cargo", "build"]:
                cargo_args = words[2:]
            elif words[:1] == ["cp"] and len(words) == 3:
                profile = "release" if "--release" in (cargo_args or []) else "debug"
                built = posixpath.join(workdir, "target", profile, BINARY)
                if posixpath.join(workdir, words[1]) != built:
                    raise CheckFailed(
                        f"Dockerfile: the builder copies {words[1]}, but cargo builds the "
                        f"binary at {built}"
                    )
                binary = posixpath.join(workdir, words[2])
            elif words[:1] == ["strip"] and binary and posixpath.join(workdir, words[-1]) == binary:
                strip = words[1:-1]
            elif words[:1] == ["mkdir"]:
                dirs |= {posixpath.join(workdir, w) for w in words[1:] if not w.startswith("-")}
            else:
                raise CheckFailed(
                    f"Dockerfile: packaging/check-image does not know how to follow the "
                    f"builder's step `{command.strip()}`; teach it (packaging/check_image.py)"
                )
    if cargo_args is None or binary is None:
        raise CheckFailed("Dockerfile: the builder stage must `cargo build` and `cp` the binary")
    return cargo_args, binary, dirs, strip


def read_image(path: Path) -> Image:
    stages = read_dockerfile(path)
    builder, final = stages[0], stages[-1]
    cargo_args, builder_binary, builder_dirs, strip = follow_builder_run(builder)
    context_sources = [
        source.rstrip("/")
        for copy in builder.all("COPY")
        for source in shlex.split(copy.args)[:-1]
    ]
    env: dict[str, str] = {}
    for instruction in final.all("ENV"):
        env.update(parse_env(instruction.args))

    user = final.last("USER")
    match = re.fullmatch(r"(\d+):(\d+)", user.args if user else "")
    if not match:
        raise CheckFailed(
            "Dockerfile: the final stage needs `USER uid:gid` in numbers, so that the image's "
            "user does not depend on the base image"
        )
    uid, gid = int(match[1]), int(match[2])
    if uid == 0 or gid == 0:
        raise CheckFailed("Dockerfile: the final stage must not run as root (USER 0)")

    exposed = [p for i in final.all("EXPOSE") for p in i.args.split()]
    if len(exposed) != 1:
        raise CheckFailed(f"Dockerfile: expected one EXPOSEd port, found {exposed}")
    port = int(exposed[0].removesuffix("/tcp"))

    volumes = []
    for instruction in final.all("VOLUME"):
        args = instruction.args
        volumes += exec_form("VOLUME", args) if args.startswith("[") else args.split()

    entrypoint = final.last("ENTRYPOINT")
    cmd = final.last("CMD")
    command = (exec_form("ENTRYPOINT", entrypoint.args) if entrypoint else []) + (
        exec_form("CMD", cmd.args) if cmd else []
    )
    health = final.last("HEALTHCHECK")
    if not health:
        raise CheckFailed("Dockerfile: the final stage has no HEALTHCHECK")
    workdir = final.last("WORKDIR")
    return Image(
        builder=builder,
        final=final,
        cargo_args=cargo_args,
        builder_binary=builder_binary,
        builder_dirs=builder_dirs,
        strip=strip,
        context_sources=context_sources,
        env=env,
        uid=uid,
        gid=gid,
        port=port,
        volumes=volumes,
        command=command,
        healthcheck=parse_healthcheck(health),
        workdir=workdir.args if workdir else "/",
    )


def url_port(url: str) -> int | None:
    parts = urllib.parse.urlsplit(url)
    return parts.port if parts.scheme in ("http", "https") else None


def check_image_definition(image: Image) -> None:
    """The facts that must agree with each other inside the Dockerfile."""
    listen = image.env.get("OPENWORK_LISTEN", "")
    host, _, port = listen.rpartition(":")
    if host != "0.0.0.0" or port != str(image.port):
        raise CheckFailed(
            f"Dockerfile: OPENWORK_LISTEN is {listen!r}; it must be 0.0.0.0:{image.port}, the "
            "EXPOSEd port on every interface, or the container cannot be reached"
        )
    db = image.env.get("OPENWORK_DB", "")
    db_path = db.removeprefix("sqlite://")
    if db_path == db or not any(db_path.startswith(v.rstrip("/") + "/") for v in image.volumes):
        raise CheckFailed(
            f"Dockerfile: OPENWORK_DB is {db!r}; it must be an SQLite file inside a VOLUME "
            f"({image.volumes}), or the data goes with the container"
        )
    if image.command[:1] != [image.builder_binary] or image.command[1:] != ["serve"]:
        raise CheckFailed(
            f"Dockerfile: the image runs {image.command}; expected [{image.builder_binary!r}, "
            "'serve']"
        )
    if image.healthcheck.command[:2] != [image.builder_binary, "health"] or image.port not in [
        url_port(a) for a in image.healthcheck.command
    ]:
        raise CheckFailed(
            f"Dockerfile: the HEALTHCHECK runs {image.healthcheck.command}; it must be "
            f"`{image.builder_binary} health --server http://127.0.0.1:{image.port}`"
        )
    release = next((r for r in DEBIAN_RELEASES if r in image.builder.base), None)
    if release is None or DEBIAN_RELEASES[release] not in image.final.base:
        raise CheckFailed(
            f"Dockerfile: the builder ({image.builder.base}) and the final image "
            f"({image.final.base}) must be the same Debian release, so that the binary finds "
            "the glibc it was linked against"
        )
    toolchain = re.match(r"rust:(\d+)\.(\d+)", image.builder.base)
    needed = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["package"][
        "rust-version"
    ]
    if not toolchain or (int(toolchain[1]), int(toolchain[2])) < tuple(
        int(n) for n in needed.split(".")[:2]
    ):
        raise CheckFailed(
            f"Dockerfile: the builder {image.builder.base} must be an official Rust image "
            f"(rust:X.Y-…) of at least the workspace's rust-version {needed}"
        )
    step(
        f"Dockerfile: {image.builder.base} builds `cargo build {' '.join(image.cargo_args)}`; "
        f"{image.final.base} runs {image.command} as {image.uid}:{image.gid} on port "
        f"{image.port}, data in {', '.join(image.volumes)}"
    )


# --- .dockerignore and the build context --------------------------------------------------------


def ignore_rules(path: Path) -> list[tuple[bool, re.Pattern]]:
    """.dockerignore's patterns, as (excludes, regex), in order: the last match decides."""
    rules = []
    for line in path.read_text().splitlines() if path.exists() else []:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keep = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").lstrip("/"))
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part)
            )
        rules.append((not keep, re.compile(regex)))
    return rules


def ignored(relative: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    """Whether Docker leaves the file out of the build context (a pattern matching a parent
    directory leaves out everything under it)."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for excludes, regex in rules:
        if any(regex.fullmatch(p) for p in prefixes):
            result = excludes
    return result


def dep_info_sources(executable: Path) -> list[Path]:
    """The source files cargo recorded for the binary (its dep-info file beside it)."""
    dep_info = executable.with_name(executable.name + ".d")
    if not dep_info.exists():
        raise CheckFailed(f"cargo wrote no dep-info file beside the binary ({dep_info})")
    first = dep_info.read_text().splitlines()[0]
    _, _, deps = first.partition(": ")
    return [Path(d.replace("\\ ", " ")) for d in re.split(r"(?<!\\) ", deps.strip()) if d]


def check_build_context(image: Image, executable: Path) -> None:
    """Every file the build reads is copied into the builder and not left out by .dockerignore:
    a source outside them would build here and fail in `docker build`."""
    rules = ignore_rules(REPO / ".dockerignore")
    members = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["members"]
    needed = ["Cargo.toml", "Cargo.lock"] + [f"{m}/Cargo.toml" for m in members]
    sources = [p for p in dep_info_sources(executable) if p.is_relative_to(REPO)]
    if not sources:
        raise CheckFailed("cargo's dep-info names no source file of the repository")
    needed += [str(p.relative_to(REPO)) for p in sources]
    missing = [
        path
        for path in needed
        if ignored(path, rules)
        or not any(path == s or path.startswith(s + "/") for s in image.context_sources)
    ]
    if missing:
        raise CheckFailed(
            "the image's build would miss files the binary is built from (not COPYed into the "
            f"builder, or left out by .dockerignore): {', '.join(missing[:10])}"
        )
    step(f"build context: the {len(needed)} files the build reads are all copied")


# --- the binary ---------------------------------------------------------------------------------


def build(image: Image) -> Path:
    args = ["--bin", BINARY, *(a for a in image.cargo_args if a != "--release")]
    step(f"building as the builder stage does, in the debug profile: cargo build {' '.join(args)}")
    built = subprocess.run(
        [str(REPO / "scripts/cargo-executable"), BINARY, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    if built.returncode != 0:
        raise CheckFailed("the builder stage's cargo build failed (its errors are above)")
    return Path(built.stdout.strip())


def shared_libraries(executable: Path, base: str) -> list[Path]:
    """The libraries the binary loads; each must be one the final base image has."""
    provided = next(
        (libs for name, libs in RUNTIME_LIBRARIES.items() if base.startswith(name)), None
    )
    if provided is None:
        raise CheckFailed(
            f"packaging/check-image does not know which libraries {base} provides; add them to "
            "RUNTIME_LIBRARIES in packaging/check_image.py"
        )
    listed = subprocess.run(["ldd", str(executable)], capture_output=True, text=True)
    libraries, foreign = [], []
    for line in listed.stdout.splitlines():
        if "=>" in line:
            name, _, location = line.strip().partition(" => ")
            path = location.split(" (")[0]
        else:
            path = line.strip().split(" (")[0]
            name = posixpath.basename(path)
        if name.startswith("linux-vdso") or "statically linked" in line:
            continue
        if path == "not found" or not path.startswith("/"):
            raise CheckFailed(f"ldd: the binary needs {name}, which this machine lacks")
        (libraries if name in provided else foreign).append(Path(path))
    if foreign:
        raise CheckFailed(
            f"the binary needs {', '.join(p.name for p in foreign)}, which {base} does not "
            "have: link it statically or choose another base image"
        )
    step(f"ldd: the binary needs only {', '.join(sorted(p.name for p in libraries))}")
    return libraries


# --- the image's root and its processes ---------------------------------------------------------


def strip_binary(options: list[str], binary: Path) -> None:
    if shutil.which("strip") is None:
        raise CheckFailed("the Dockerfile strips the binary, but `strip` is missing: "
                          "install binutils")
    stripped = subprocess.run(["strip", *options, str(binary)], capture_output=True, text=True)
    if stripped.returncode != 0:
        raise CheckFailed(f"strip {' '.join(options)} failed: {stripped.stderr.strip()}")


def lay_out_root(image: Image, executable: Path, libraries: list[Path]) -> Path:
    """A directory laid out like the final image: its COPY lines, plus the base image's part the
    binary uses (its libraries, /tmp)."""
    root = Path(tempfile.mkdtemp(prefix="openwork-image-"))
    root.chmod(0o755)
    for copy in image.final.all("COPY"):
        if copy.flags.get("from") != image.builder.name:
            raise CheckFailed(f"Dockerfile: packaging/check-image can only follow COPY --from="
                              f"{image.builder.name}, not `COPY {copy.args}`")
        source, destination = shlex.split(copy.args)
        target = root / destination.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source == image.builder_binary:
            shutil.copy2(executable, target)
            target.chmod(0o755)
            if image.strip is not None:
                strip_binary(image.strip, target)
            step(f"image: the binary is {target.stat().st_size / 1e6:.0f} MB at {destination} "
                 "(debug profile)")
        elif source in image.builder_dirs:
            target.mkdir()
        else:
            raise CheckFailed(f"Dockerfile: the builder makes no {source} (`COPY {copy.args}`)")
        if "chown" in copy.flags:
            owner, _, group = copy.flags["chown"].partition(":")
            os.chown(target, int(owner), int(group or owner))
    for library in libraries:
        inside = root / str(library).lstrip("/")
        inside.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, inside)
    # Distroless has a /tmp anyone may write (SQLite may put temporary files there).
    (root / "tmp").mkdir()
    (root / "tmp").chmod(0o1777)
    return root


@dataclass
class Container:
    """A process of the image: in its root, as its user, with only the environment given."""

    name: str
    root: Path
    image: Image
    env: dict[str, str]
    logs: Path
    process: subprocess.Popen | None = None
    base_url: str = ""

    def enter(self):
        root, workdir, uid, gid = self.root, self.image.workdir, self.image.uid, self.image.gid

        def inside():
            os.chroot(root)
            os.chdir(workdir)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)

        return inside

    def run(self, command: list[str], timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=self.env, preexec_fn=self.enter(),
                              capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        """Starts the image's command and waits for the server's banner."""
        with self.logs.open("w") as log:
            self.process = subprocess.Popen(
                self.image.command, env=self.env, preexec_fn=self.enter(),
                stdout=subprocess.PIPE, stderr=log,
            )
        deadline = time.monotonic() + START_TIMEOUT
        buffered = b""
        while b"Press Ctrl-C" not in buffered:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(remaining, 0))
            chunk = os.read(self.process.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                self.process.kill()
                raise CheckFailed(
                    f"{self.name}: the server did not start (no banner within {START_TIMEOUT} "
                    f"s, or it exited). Its log:\n{self.log_tail()}"
                )
            buffered += chunk
        match = re.search(rb"listening on (http://\S+)", buffered)
        if not match:
            raise CheckFailed(f"{self.name}: the banner names no address:\n{buffered.decode()}")
        self.base_url = match[1].decode()
        step(f"{self.name}: running as {self.image.uid}:{self.image.gid} at {self.base_url}")

    def wait_healthy(self, healthcheck: HealthCheck) -> None:
        """Runs the health check, as Docker would inside the container, until it passes."""
        port = urllib.parse.urlsplit(self.base_url).port
        command = [
            a.replace(f":{self.image.port}", f":{port}") if url_port(a) == self.image.port else a
            for a in healthcheck.command
        ]
        deadline = time.monotonic() + healthcheck.deadline()
        while True:
            try:
                checked = self.run(command, timeout=healthcheck.timeout)
                passed, said = checked.returncode == 0, checked.stdout + checked.stderr
            except subprocess.TimeoutExpired:
                passed, said = False, f"no answer within {healthcheck.timeout:.0f} s"
            if passed:
                step(f"{self.name}: healthy ({said.strip()})")
                return
            if time.monotonic() > deadline:
                raise CheckFailed(
                    f"{self.name}: the health check {command} still fails after "
                    f"{healthcheck.deadline():.0f} s; Docker would call the container unhealthy."
                    f"\n{said}\nThe server's log:\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        """SIGTERM, as `docker stop` sends, then a clean exit."""
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise CheckFailed(f"{self.name}: still running {STOP_TIMEOUT} s after SIGTERM")
        if status != 0:
            raise CheckFailed(
                f"{self.name}: exited with status {status} after SIGTERM, not 0. Its log:\n"
                f"{self.log_tail()}"
            )
        step(f"{self.name}: stopped cleanly on SIGTERM")

    def kill(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def log_tail(self) -> str:
        return "\n".join(self.logs.read_text(errors="replace").splitlines()[-30:])


def container_env(
    image: Image, overrides: dict[str, str], db: str | None = None
) -> dict[str, str]:
    """The image's environment under the given overrides (compose's `environment`), listening
    on 127.0.0.1 and a free port instead of every interface."""
    env = {**image.env, **overrides, "OPENWORK_LISTEN": "127.0.0.1:0"}
    if db is not None:
        env["OPENWORK_DB"] = db
    return env


def http(method: str, url: str, body: str | None = None, token: str | None = None,
         content_type: str = "application/json") -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method,
                                     data=body.encode() if body is not None else None)
    request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    except urllib.error.URLError as error:
        raise CheckFailed(f"{method} {url} got no answer: {error.reason}")
    try:
        return status, json.loads(text or b"{}")
    except json.JSONDecodeError:
        raise CheckFailed(f"{method} {url} answered {status} with no JSON: {text[:200]!r}")


def tenant_token(base_url: str, app_id: str, app_secret: str) -> str:
    status, answer = http(
        "POST", f"{base_url}/open-apis/auth/v3/tenant_access_token/internal",
        json.dumps({"app_id": app_id, "app_secret": app_secret}),
    )
    if status != 200 or answer.get("code") != 0:
        raise CheckFailed(f"{base_url}: no tenant token for {app_id}: {status} {answer}")
    return answer["tenant_access_token"]


def check_vendor_call(container: Container) -> None:
    token = tenant_token(container.base_url, DEMO_APP_ID, DEMO_APP_SECRET)
    status, answer = http(
        "POST",
        f"{container.base_url}/open-apis/performance/v1/stage_tasks/find_by_page"
        "?user_id_type=user_id",
        json.dumps({"semester_id": DEMO_SEMESTER, "page_size": 2}), token,
    )
    items = (answer.get("data") or {}).get("items") or []
    if status != 200 or answer.get("code") != 0 or len(items) != 2:
        raise CheckFailed(f"{container.name}: find_by_page answered {status} {answer}")
    step(f"{container.name}: a tenant token and find_by_page answer (users "
         f"{', '.join(i['user_id'] for i in items)})")


def run_image(image: Image, root: Path, work: Path) -> None:
    container = Container("image", root, image, container_env(image, {}), work / "image.log")
    try:
        container.start()
        container.wait_healthy(image.healthcheck)
        check_vendor_call(container)
        container.stop()
    finally:
        container.kill()
    database = root / image.env["OPENWORK_DB"].removeprefix("sqlite://").lstrip("/")
    if not database.is_file() or database.stat().st_uid != image.uid:
        raise CheckFailed(
            f"the SQLite database is not at {image.env['OPENWORK_DB']} in the data volume, "
            "written by the image's user"
        )
    step(f"image: the database is {image.env['OPENWORK_DB']}, in the volume, owned by {image.uid}")


# --- compose.yaml -------------------------------------------------------------------------------


def interpolate(value, env: dict[str, str]):
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}` in every string."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        name, operator, word = match[1], match[2] or "", match[3] or ""
        current = env.get(name, "")
        if operator == ":?" and not current:
            raise CheckFailed(f"compose.yaml: {name} has no value ({word})")
        return current or (word if operator == ":-" else "")

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", substitute, value)


@dataclass
class Replica:
    name: str
    environment: dict[str, str]
    depends_on: dict[str, str]
    healthcheck: list[str] | None


@dataclass
class Compose:
    replicas: list[Replica]  # in the order compose starts them
    admin_token: str


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def depends_on(service: dict) -> dict[str, str]:
    """A service's `depends_on`, short (a list) or long form, as {service: condition}."""
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        return {name: "service_started" for name in depends}
    return {name: (how or {}).get("condition", "service_started") for name, how in depends.items()}


def read_compose(path: Path, image: Image, admin_token: str) -> Compose:
    document = interpolate(yaml.safe_load(path.read_text()), {"OPENWORK_ADMIN_TOKEN": admin_token})
    services = document.get("services") or {}
    postgres = [n for n, s in services.items() if str(s.get("image", "")).startswith("postgres")]
    openworks = {n: s for n, s in services.items() if s.get("build") in (".", "./")}
    if len(postgres) != 1 or len(openworks) != 2:
        raise CheckFailed(
            "compose.yaml: expected one PostgreSQL service and two openwork services built from "
            f"this Dockerfile, found PostgreSQL {postgres} and openwork {list(openworks)}"
        )
    pg_name = postgres[0]
    pg = services[pg_name]
    pg_env = environment(pg)
    pg_user = pg_env.get("POSTGRES_USER", "postgres")
    password, database = pg_env.get("POSTGRES_PASSWORD"), pg_env.get("POSTGRES_DB", pg_user)
    expected = (pg_name, pg_user, password, database)
    if not (pg.get("healthcheck") or {}).get("test"):
        raise CheckFailed(
            f"compose.yaml: {pg_name} has no healthcheck for the replicas to wait on"
        )

    replicas, tokens, ports = {}, set(), []
    for name, service in openworks.items():
        env = environment(service)
        db = urllib.parse.urlsplit(env.get("OPENWORK_DB", ""))
        actual = (db.hostname, db.username, db.password, db.path.lstrip("/"))
        if db.scheme not in ("postgres", "postgresql") or actual != expected:
            raise CheckFailed(
                f"compose.yaml: {name}'s OPENWORK_DB must be postgres://{expected[1]}:…@"
                f"{expected[0]}/{expected[3]} (the {pg_name} service's user, password and "
                f"database), not {env.get('OPENWORK_DB')!r}"
            )
        tokens.add(env.get("OPENWORK_ADMIN_TOKEN"))
        depends = depends_on(service)
        if depends.get(pg_name) != "service_healthy":
            raise CheckFailed(
                f"compose.yaml: {name} must depend on {pg_name} with condition service_healthy"
            )
        healthcheck = (service.get("healthcheck") or {}).get("test")
        if healthcheck is not None and (
            not isinstance(healthcheck, list) or healthcheck[0] != "CMD"
        ):
            raise CheckFailed(
                f"compose.yaml: {name}'s healthcheck must be [\"CMD\", …]: the image has no shell"
            )
        for mapping in service.get("ports") or []:
            published, _, target = str(mapping).rpartition(":")
            if target != str(image.port):
                raise CheckFailed(f"compose.yaml: {name} publishes {mapping}, but the server "
                                  f"listens on {image.port}")
            ports.append(published)
        replicas[name] = Replica(name, env, depends, healthcheck[1:] if healthcheck else None)
    if len(tokens) != 1 or None in tokens or "" in tokens:
        raise CheckFailed(
            "compose.yaml: both openwork services need the same OPENWORK_ADMIN_TOKEN"
        )
    if len(ports) != len(set(ports)) or len(ports) < 2:
        raise CheckFailed(f"compose.yaml: each replica needs a port of its own, found {ports}")

    ordered: list[Replica] = []
    while len(ordered) < len(replicas):
        started = {r.name for r in ordered}
        ready = [r for r in replicas.values() if r.name not in started
                 and all(d in started for d in r.depends_on if d in replicas)]
        if not ready:
            raise CheckFailed(
                "compose.yaml: the openwork services depend on each other in a circle"
            )
        ordered.append(ready[0])
    step(f"compose.yaml: {' then '.join(r.name for r in ordered)} on {pg_name}, one admin token, "
         f"ports {', '.join(ports)}")
    return Compose(ordered, tokens.pop())


# --- the replicas on PostgreSQL -----------------------------------------------------------------


def postgres_base() -> str | None:
    """The PostgreSQL to use, as scripts/test finds it; None (a skip) when there is none."""
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
        return "postgres://postgres@127.0.0.1:5432/test"
    except OSError:
        if os.environ.get("CI") == "true":
            raise CheckFailed("CI=true but PostgreSQL does not answer at 127.0.0.1:5432")
        return None


def psql(base: str, sql: str) -> None:
    if shutil.which("psql") is None:
        raise CheckFailed("PostgreSQL answers but psql is missing: install postgresql-client")
    done = subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc", sql],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckFailed(f"psql could not run `{sql}` on {base}: {done.stderr.strip()}")


# A tenant small enough to write in one call; the second replica must see it.
SHARED_FIXTURE = """\
version: 1
tenants:
  - tenant_key: compose-check
    name: Written through one replica
    apps:
      - app_id: cli_composecheck00001
        app_secret: compose-check-secret
        scopes: [performance:performance:readonly]
    users:
      - user_id: u1
        name: 张三
"""


def run_replicas(image: Image, compose: Compose, root: Path, work: Path) -> None:
    base = postgres_base()
    if base is None:
        step("PostgreSQL does not answer at 127.0.0.1:5432: the replicas are not run")
        return
    name = f"openwork_compose_check_{secrets.token_hex(4)}"
    psql(base, f"CREATE DATABASE {name}")
    db = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path=f"/{name}"))
    containers = []
    try:
        for replica in compose.replicas:
            container = Container(replica.name, root, image,
                                  container_env(image, replica.environment, db),
                                  work / f"{replica.name}.log")
            containers.append(container)
            container.start()
            healthcheck = image.healthcheck
            if replica.healthcheck:
                healthcheck = HealthCheck(replica.healthcheck, healthcheck.interval,
                                          healthcheck.timeout, healthcheck.start_period,
                                          healthcheck.retries)
            container.wait_healthy(healthcheck)
        writer, reader = containers[0], containers[-1]
        status, answer = http("POST", f"{writer.base_url}/_openwork/v1/fixtures", SHARED_FIXTURE,
                              compose.admin_token, "application/yaml")
        if status != 200:
            raise CheckFailed(f"{writer.name}: loading a fixture answered {status} {answer}")
        status, summary = http("GET", f"{reader.base_url}/_openwork/v1/tenants/compose-check",
                               token=compose.admin_token)
        if status != 200 or summary.get("users") != 1 or summary.get("apps") != 1:
            raise CheckFailed(
                f"{reader.name} does not see the tenant written through {writer.name}: "
                f"{status} {summary}"
            )
        tenant_token(reader.base_url, "cli_composecheck00001", "compose-check-secret")
        step(f"a tenant loaded through {writer.name} is read, and its app gets a token, "
             f"through {reader.name}")
        for container in containers:
            container.stop()
    finally:
        for container in containers:
            container.kill()
        psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    if os.geteuid() != 0:
        raise CheckFailed(
            "it runs the image's user in a chroot, which takes root: run it as root (as CI does)"
        )
    image = read_image(REPO / "Dockerfile")
    check_image_definition(image)
    compose = read_compose(REPO / "compose.yaml", image, f"compose-check-{secrets.token_hex(8)}")
    executable = build(image)
    check_build_context(image, executable)
    libraries = shared_libraries(executable, image.final.base)
    work = Path(tempfile.mkdtemp(prefix="openwork-check-image-"))
    root = lay_out_root(image, executable, libraries)
    try:
        run_image(image, root, work)
        run_replicas(image, compose, root, work)
    except BaseException:
        print(f"check-image: the image's root and logs are kept in {root} and {work}",
              file=sys.stderr)
        raise
    shutil.rmtree(root)
    shutil.rmtree(work)
    step("passed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CheckFailed as failure:
        print(f"packaging/check-image: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
