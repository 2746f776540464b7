# syntax=docker/dockerfile:1
# The openwork server as a container image (docs/install.md):
#   docker build -t openwork .
#   docker run -d -p 8900:8900 -v openwork-data:/data openwork
# packaging/check-image reads this file and follows its steps without Docker (scripts/test runs
# it), so what it checks is what is written here.

# Debian 12 (bookworm) like the final stage, so the binary links against the very glibc it runs
# with. Rust 1.95 is the toolchain the project is built and tested with.
FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
# Only what the build reads; packaging/check-image checks that every source file the binary is
# built from lies in these paths and is not left out by .dockerignore.
COPY Cargo.toml Cargo.lock ./
COPY crates crates
# The cache mounts keep downloaded crates and compiled dependencies from one build to the next
# (BuildKit, docker's default builder), so a change to openwork's own code recompiles only it.
# The target directory is a cache, not a layer: the binary is copied out of it in this step.
# The release profile keeps line tables for profiling (BENCHMARKS.md); the image drops them and
# keeps the symbols, so backtraces still name functions: 129 MB become 27 MB.
# /data becomes the data volume, owned by the final image's user.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p openwork-cli \
    && cp target/release/openwork /usr/local/bin/openwork \
    && strip --strip-debug /usr/local/bin/openwork \
    && mkdir /data

# Distroless's cc image holds glibc, libgcc and CA certificates and nothing else: no shell, no
# package manager, little to patch. That is all openwork needs: reqwest speaks TLS through
# rustls and SQLite is compiled into the binary (packaging/check-image checks its libraries with
# ldd). Its `nonroot` user is uid and gid 65532, written out below so that the user is visible
# here, not only in the base image.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/local/bin/openwork /usr/local/bin/openwork
COPY --from=builder --chown=65532:65532 /data /data
USER 65532:65532
ENV OPENWORK_LISTEN=0.0.0.0:8900 \
    OPENWORK_DB=sqlite:///data/openwork.db
VOLUME /data
EXPOSE 8900
# The image has no shell or curl: the binary checks itself (GET /_openwork/v1/healthz).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/openwork", "health", "--server", "http://127.0.0.1:8900"]
ENTRYPOINT ["/usr/local/bin/openwork"]
CMD ["serve"]
