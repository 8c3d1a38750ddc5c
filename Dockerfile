# The Aggregator worker in a container: `docker build -t aggregator .`, then see
# deploy/README-deploy.md for `docker run` (read-only root, /data volume, /config mount).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Native AOT (see Aggregator.csproj) links the executable with clang against zlib; the SDK image has neither. The ahead-of-
# time compiler (ilc) needs about 2 GB of memory and several CPU-minutes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore from the project and build files alone, so the package layer survives code edits.
# .editorconfig is part of the build: it sets analyzer severities and warnings are errors.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Aggregator/Aggregator.csproj src/Aggregator/
# For linux-x64: the runtime identifier makes the publish Native AOT (one native executable; see Aggregator.csproj), and
# the restore fetches the compiler for it.
RUN dotnet restore src/Aggregator/Aggregator.csproj -r linux-x64
COPY src/Aggregator/ src/Aggregator/
RUN dotnet publish src/Aggregator -c Release -r linux-x64 -o /app --no-restore

# No .NET runtime in the image: the executable holds its own. runtime-deps is what it links to (glibc, ICU, OpenSSL).
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
# /data holds the SQLite database and its WAL, owned by the image's non-root `app` user ($APP_UID,
# 1654). /config holds the shipped feeds.json; mount your own over it (read-only is fine).
RUN mkdir -p /data /config && chown "$APP_UID:$APP_UID" /data && chmod 0700 /data
# The executable and SQLite's native library, which it loads from beside itself; not the debug symbols (aggregator.dbg).
COPY --from=build /app/aggregator /app/libe_sqlite3.so /app/
COPY feeds.json feeds.schema.json /config/

# ASPNETCORE_HTTP_PORTS is emptied because the base image sets it to 8080 and Kestrel would log
# that ASPNETCORE_URLS overrides it. DOTNET_EnableDiagnostics=0 stops the runtime creating its
# diagnostics socket in /tmp, so with `--read-only` the worker writes to /data and nothing else.
# DOTNET_GCgen0size: the young generation's smallest budget, 16 MB (only the environment can set it), in hex: the native
# runtime reads bare hex digits and silently ignores a value written "0x1000000" (bench/cpu-profile.md, h54a). The runtime's own
# came to about 2 MB on the 2-core host measured: a first round of 2,000 outlets ran 2.6-2.8x more young collections
# without it and its cold `poll` peaked 10-16 MB higher. It does not remove round 1's full collections (19-20 with it,
# 21-22 without): those come from what polls waiting for the store hold (bench/alloc-profile.md).
# MALLOC_ARENA_MAX=2: glibc gives threads that malloc their own arenas (up to 8 per core), which keep much of what is freed;
# native memory (SQLite, the runtime) in two arenas lowered the peak by 5-30 MB for round 1 and 11-22 MB for a cold
# `poll` of 2,000 outlets in two pairs, at 1-3% more CPU (bench/alloc-profile.md).
ENV AGGREGATOR_DATA=/data \
    AGGREGATOR_CONFIG=/config/feeds.json \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_GCgen0size=1000000 \
    MALLOC_ARENA_MAX=2 \
    DOTNET_NOLOGO=1

VOLUME /data
EXPOSE 8080
USER $APP_UID
WORKDIR /app

# The image has no curl or wget: the worker's own `healthcheck` command asks GET /healthz on
# 127.0.0.1 at the port of ASPNETCORE_URLS, exits 0 on 200 and 1 otherwise.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/app/aggregator", "healthcheck"]

ENTRYPOINT ["/app/aggregator"]
CMD ["run"]
