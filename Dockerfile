# Coverage Navigator: one app process; SQLite by default, PostgreSQL through DATABASE_URL.

# Stage 1: build a virtualenv with the pinned dependencies, then the app on top.
FROM python:3.11-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# The dependency layer: only the lock file is copied first, so this layer is rebuilt only when
# the lock changes, not on every code change. Every file's hash is checked against the lock.
WORKDIR /src
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The app itself; --no-deps: everything it needs is already pinned above.
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-deps .

# Stage 2: the runtime image, without the build leftovers.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    COVNAV_ENV=production \
    COVNAV_DATA_DIR=/data

# WeasyPrint needs Pango and a font for the printable documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

COPY --from=builder /opt/venv /opt/venv

WORKDIR /srv/app
COPY app ./app
COPY data ./data
COPY migrations ./migrations
COPY alembic.ini ./

RUN useradd --system --uid 10001 --home-dir /srv/app covnav \
 && mkdir -p /data && chown covnav /data
USER covnav
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"

# COVNAV_SECRET_KEY must be set; the app refuses to start in production without a real one.
# Migrating at start is safe with several containers on one PostgreSQL: one migrates under an
# advisory lock, the others wait and find it done. exec: the server gets `docker stop`'s signal.
CMD ["sh", "-c", "covnav migrate && exec covnav serve --host 0.0.0.0 --port 8000"]
